package dev.jgan.gan.biggan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TruncatedNoiseTest {
    /** Standard deviation of N(0, 1) truncated to [-2, 2]: sqrt(1 - 4 phi(2) / (2 Phi(2) - 1)). */
    private static final double TRUNCATED_STD = 0.879626;
    /** P(|x| < 1) for that distribution: (2 Phi(1) - 1) / (2 Phi(2) - 1). */
    private static final double INSIDE_ONE = 0.715211;

    @Test
    void valuesStayWithinTwoAndFollowTheTruncatedNormal() {
        float[] z = TruncatedNoise.sample(7, 400, 128, 1.0).data();
        double sum = 0;
        double squares = 0;
        int insideOne = 0;
        int nearBound = 0;
        for (float v : z) {
            assertTrue(Math.abs(v) <= 2.0, "value " + v + " outside [-2, 2]");
            sum += v;
            squares += v * v;
            insideOne += Math.abs(v) < 1 ? 1 : 0;
            nearBound += Math.abs(v) > 1.9 ? 1 : 0;
        }
        int n = z.length;
        double mean = sum / n;
        double std = Math.sqrt(squares / n - mean * mean);
        assertEquals(0, mean, 0.01);
        assertEquals(TRUNCATED_STD, std, 0.01);
        assertEquals(INSIDE_ONE, (double) insideOne / n, 0.01);
        // Redrawing (not clipping) leaves no pile-up at the bounds: P(1.9 < |x| <= 2) is about 1.2%.
        assertEquals(0.0119, (double) nearBound / n, 0.003);
    }

    @Test
    void truncationScalesTheSameDraws() {
        Tensor one = TruncatedNoise.sample(3, 5, 128, 1.0);
        for (double t : new double[] {0.1, 0.4, 0.9}) {
            Tensor scaled = TruncatedNoise.sample(3, 5, 128, t);
            assertArrayEquals(new int[] {5, 128}, scaled.shape());
            float max = 0;
            for (int i = 0; i < one.size(); i++) {
                assertEquals(t * one.data()[i], scaled.data()[i], 1e-6 * Math.abs(one.data()[i]));
                max = Math.max(max, Math.abs(scaled.data()[i]));
            }
            assertTrue(max <= 2 * t + 1e-7, "max " + max + " above 2t for t=" + t);
            assertTrue(max > 1.5 * t, "max " + max + " for t=" + t);
        }
    }

    @Test
    void seedsAreReproducibleAndDistinct() {
        assertArrayEquals(TruncatedNoise.sample(11, 2, 128, 0.4).data(), TruncatedNoise.sample(11, 2, 128, 0.4).data());
        assertFalse(Arrays.equals(TruncatedNoise.sample(11, 2, 128, 0.4).data(), TruncatedNoise.sample(12, 2, 128, 0.4).data()));
    }

    @Test
    void truncationOutsideZeroToOneIsRefused() {
        for (double t : new double[] {0, -0.5, 1.01, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TruncatedNoise.sample(1, 1, 4, t));
            assertEquals("truncation must be in (0, 1], got " + t, e.getMessage());
        }
    }
}
