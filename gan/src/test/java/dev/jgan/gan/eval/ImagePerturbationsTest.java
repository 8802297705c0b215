package dev.jgan.gan.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ImagePerturbationsTest {
    @Test
    void blurKeepsConstantImagesAndSpreadsAnImpulseAsAGaussian() {
        Tensor flat = Tensor.full(0.3f, 2, 1, 9, 7);
        for (float v : ImagePerturbations.gaussianBlur(flat, 1.5).data()) {
            assertEquals(0.3f, v, 1e-6f);
        }
        Tensor impulse = Tensor.zeros(1, 1, 15, 15);
        impulse.set(1f, 0, 0, 7, 7);
        Tensor blurred = ImagePerturbations.gaussianBlur(impulse, 1.0);
        double sum = 0;
        for (float v : blurred.data()) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-5);
        double g0 = 1;
        double g1 = Math.exp(-0.5);
        double g2 = Math.exp(-2);
        double norm = g0 + 2 * g1 + 2 * g2 + 2 * Math.exp(-4.5);
        assertEquals(g1 * g2 / (norm * norm), blurred.get(0, 0, 8, 9), 1e-6);
        assertEquals(blurred.get(0, 0, 8, 9), blurred.get(0, 0, 6, 5), 1e-7);
    }

    @Test
    void noiseStaysInRange() {
        Tensor noise = ImagePerturbations.gaussianNoise(new int[] {3, 1, 8, 8}, 1f, 3);
        Tensor noisy = ImagePerturbations.addNoise(Tensor.full(0.9f, 3, 1, 8, 8), 0.5f, 4);
        int clipped = 0;
        for (int i = 0; i < noise.size(); i++) {
            assertTrue(Math.abs(noise.data()[i]) <= 1f && Math.abs(noisy.data()[i]) <= 1f);
            clipped += noisy.data()[i] == 1f ? 1 : 0;
        }
        assertTrue(clipped > 20, "about 40% of 0.9 + N(0, 0.25) lies above 1 and is clipped");
    }
}
