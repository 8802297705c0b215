package dev.jgan.gan.biggan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgan.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LatentInterpolationTest {
    @Test
    void linearPathIsEvenlySpacedWithExactEnds() {
        Tensor a = Tensor.of(new float[] {1, -2, 3}, 1, 3);
        Tensor b = Tensor.of(new float[] {5, 2, -1}, 3);
        Tensor path = LatentInterpolation.linear(a, b, 5);
        assertArrayEquals(new int[] {5, 3}, path.shape());
        assertArrayEquals(a.data(), row(path, 0));
        assertArrayEquals(b.data(), row(path, 4));
        assertArrayEquals(new float[] {2, -1, 2}, row(path, 1));
        assertArrayEquals(new float[] {3, 0, 1}, row(path, 2));
    }

    @Test
    void sphericalPathFollowsTheGreatCircle() {
        Tensor a = Tensor.of(new float[] {1, 0, 0}, 3);
        Tensor b = Tensor.of(new float[] {0, 1, 0}, 3);
        Tensor path = LatentInterpolation.spherical(a, b, 3);
        assertArrayEquals(a.data(), row(path, 0));
        assertArrayEquals(b.data(), row(path, 2));
        float h = (float) Math.sqrt(0.5);
        assertArrayEquals(new float[] {h, h, 0}, row(path, 1), 1e-7f);
    }

    @Test
    void sphericalPathKeepsTheNormOfEqualLengthVectors() {
        Tensor a = TruncatedNoise.sample(1, 1, 128, 1.0);
        Tensor b = TruncatedNoise.sample(2, 1, 128, 1.0);
        float[] bData = b.data();
        double scale = norm(a.data()) / norm(bData);
        for (int i = 0; i < bData.length; i++) {
            bData[i] *= (float) scale;
        }
        Tensor slerp = LatentInterpolation.spherical(a, b, 9);
        Tensor lerp = LatentInterpolation.linear(a, b, 9);
        for (int k = 0; k < 9; k++) {
            assertEquals(norm(a.data()), norm(row(slerp, k)), 1e-4 * norm(a.data()));
        }
        // Two nearly orthogonal vectors: the straight line's midpoint is shorter by about 1/sqrt(2).
        assertEquals(Math.sqrt(0.5), norm(row(lerp, 4)) / norm(a.data()), 0.1);
    }

    @Test
    void parallelVectorsFallBackToTheLine() {
        Tensor a = Tensor.of(new float[] {1, 2}, 2);
        Tensor b = Tensor.of(new float[] {2, 4}, 2);
        assertArrayEquals(LatentInterpolation.linear(a, b, 4).data(), LatentInterpolation.spherical(a, b, 4).data());
    }

    @Test
    void badArgumentsAreRefused() {
        Tensor a = Tensor.zeros(3);
        assertEquals("an interpolation needs at least 2 steps, got 1",
                assertThrows(IllegalArgumentException.class, () -> LatentInterpolation.linear(a, a, 1)).getMessage());
        assertEquals("interpolation ends must be [d] or [1, d] of one size: from is [2, 3], the other [3]",
                assertThrows(IllegalArgumentException.class,
                        () -> LatentInterpolation.spherical(Tensor.zeros(2, 3), a, 3)).getMessage());
    }

    private static float[] row(Tensor t, int k) {
        int d = t.dim(1);
        return Arrays.copyOfRange(t.data(), k * d, (k + 1) * d);
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
