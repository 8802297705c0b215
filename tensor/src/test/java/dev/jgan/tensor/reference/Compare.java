package dev.jgan.tensor.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Tensor;

/** Comparisons of float32 kernel results with float64 references. */
public final class Compare {
    /** Relative L2 tolerance for float32 kernels against float64 references. */
    public static final double TOLERANCE = 1e-5;

    /** Sizes that are not multiples of any vector length, plus one large enough to use every thread. */
    public static final int[] SIZES = {1, 3, 7, 13, 17, 31, 33, 100, 1000, 70_001};

    private Compare() {}

    public static double[] doubles(Tensor t) {
        float[] a = t.data();
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** ||actual - expected|| / ||expected|| (absolute when expected is all zeros). */
    public static double relativeL2(double[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, "length");
        double diff = 0, norm = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = actual[i] - expected[i];
            diff += d * d;
            norm += expected[i] * expected[i];
        }
        return norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
    }

    public static void assertClose(double[] expected, Tensor actual, String what) {
        assertClose(expected, actual.data(), what);
    }

    public static void assertClose(double[] expected, float[] actual, String what) {
        double error = relativeL2(expected, actual);
        assertTrue(error <= TOLERANCE, what + ": relative L2 error " + error + " > " + TOLERANCE);
    }

    /** Asserts two gradient estimates agree to a relative L2 of {@code tolerance}. */
    public static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double diff = 0, norm = 0;
        for (int i = 0; i < expected.length; i++) {
            diff += (actual[i] - expected[i]) * (actual[i] - expected[i]);
            norm += expected[i] * expected[i];
        }
        double error = norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
        assertTrue(error <= tolerance, what + ": relative L2 error " + error + " > " + tolerance);
    }

    /** Function of a float64 vector, for finite differences. */
    @FunctionalInterface
    public interface Function {
        double[] apply(double[] x);
    }

    /** Gradient of sum(dy * f(x)) with respect to x by central differences. */
    public static double[] numericGradient(Function f, double[] x, double[] dy) {
        double[] grad = new double[x.length];
        double[] probe = x.clone();
        for (int i = 0; i < x.length; i++) {
            double h = 1e-6 * Math.max(1, Math.abs(x[i]));
            probe[i] = x[i] + h;
            double up = dot(dy, f.apply(probe));
            probe[i] = x[i] - h;
            double down = dot(dy, f.apply(probe));
            probe[i] = x[i];
            grad[i] = (up - down) / (2 * h);
        }
        return grad;
    }

    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
