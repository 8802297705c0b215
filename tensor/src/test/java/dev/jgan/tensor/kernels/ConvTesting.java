package dev.jgan.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;

/** Helpers shared by the convolution tests. */
final class ConvTesting {
    static final double TOLERANCE = 1e-5;

    private ConvTesting() {}

    static Tensor random(Rng rng, int... shape) {
        return Tensor.uniform(rng, -1f, 1f, shape);
    }

    /** Asserts ||actual - expected|| <= 1e-5 ||expected|| and the shape. */
    static void assertClose(String what, double[] expected, Tensor actual, int... shape) {
        assertArrayEquals(shape, actual.shape(), what + ": shape");
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = actual.data()[i] - expected[i];
            diff += d * d;
            norm += expected[i] * expected[i];
        }
        double error = Math.sqrt(diff / Math.max(norm, 1e-300));
        assertTrue(norm > 0, what + ": reference is all zeros, the comparison would prove nothing");
        assertTrue(error <= TOLERANCE, what + ": relative L2 error " + error);
    }

    /** Float64 dot product of two tensors' values. */
    static double dot(Tensor a, Tensor b) {
        assertArrayEquals(a.shape(), b.shape());
        double sum = 0;
        for (int i = 0; i < a.size(); i++) {
            sum += (double) a.data()[i] * b.data()[i];
        }
        return sum;
    }

    static double norm(Tensor a) {
        return Math.sqrt(dot(a, a));
    }

    static Tensor filledWith(float value, int... shape) {
        return Tensor.full(value, shape);
    }
}
