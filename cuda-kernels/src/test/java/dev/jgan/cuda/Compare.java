package dev.jgan.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Relative L2 error of a float32 result against a float64 reference. */
final class Compare {
    static final double FP32_TOLERANCE = 1e-5;
    static final double TF32_TOLERANCE = 1e-2;

    private Compare() {}

    /** ||actual - expected|| / ||expected|| (the absolute error when expected is all zeros). */
    static double relativeL2(float[] actual, double[] expected) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = actual[i] - expected[i];
            diff += d * d;
            norm += expected[i] * expected[i];
        }
        return norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
    }

    /** Fails on a length mismatch, on any non-finite value (e.g. an unwritten NaN-poisoned element), or on error > tolerance. */
    static void assertClose(String what, float[] actual, double[] expected, double tolerance) {
        if (actual.length != expected.length) {
            fail(what + ": " + actual.length + " values, expected " + expected.length);
        }
        for (int i = 0; i < actual.length; i++) {
            if (!Float.isFinite(actual[i])) {
                fail(what + ": element " + i + " is " + actual[i] + " (expected " + expected[i] + ")");
            }
        }
        double error = relativeL2(actual, expected);
        assertTrue(error <= tolerance, what + ": relative L2 error " + error + " > " + tolerance);
    }

    /**
     * As {@link #assertClose}, with the error measured against the operands' magnitudes rather than the
     * result's: for results computed as differences of float values (sigmoid(x) - t, softplus(x) - x t),
     * which rounding makes inexact near cancellation however the kernel computes them.
     */
    static void assertCloseToOperands(String what, float[] actual, double[] expected, double[] operands,
                                      double tolerance) {
        if (actual.length != expected.length) {
            fail(what + ": " + actual.length + " values, expected " + expected.length);
        }
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < actual.length; i++) {
            if (!Float.isFinite(actual[i])) {
                fail(what + ": element " + i + " is " + actual[i] + " (expected " + expected[i] + ")");
            }
            diff += (actual[i] - expected[i]) * (actual[i] - expected[i]);
            norm += operands[i] * operands[i];
        }
        double error = Math.sqrt(diff / norm);
        assertTrue(error <= tolerance, what + ": L2 error relative to the operands " + error + " > " + tolerance);
    }

    static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
