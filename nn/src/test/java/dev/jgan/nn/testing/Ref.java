package dev.jgan.nn.testing;

import dev.jgan.tensor.Tensor;
import java.util.function.DoubleUnaryOperator;

/** Float64 helpers and reference forwards with obvious loops: vectors, pointwise maps, matrix products. */
public final class Ref {
    private Ref() {}

    public static double[] toDouble(Tensor t) {
        float[] f = t.data();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    public static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** ||actual - expected|| / ||expected|| (absolute when expected is zero). */
    public static double relativeL2(double[] expected, double[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException("lengths differ: " + expected.length + " vs " + actual.length);
        }
        double diff = 0;
        for (int i = 0; i < expected.length; i++) {
            diff += (expected[i] - actual[i]) * (expected[i] - actual[i]);
        }
        double n = norm(expected);
        return Math.sqrt(diff) / (n == 0 ? 1 : n);
    }

    public static double[] map(double[] x, DoubleUnaryOperator f) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = f.applyAsDouble(x[i]);
        }
        return y;
    }

    public static double[] add(double[] a, double[] b) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = a[i] + b[i];
        }
        return y;
    }

    public static double[] mul(double[] a, double[] b) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = a[i] * b[i];
        }
        return y;
    }

    public static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }

    /** a [m, k] times b [k, n], either operand stored transposed when its flag is set. */
    public static double[] matmul(double[] a, boolean transA, double[] b, boolean transB, int m, int k, int n) {
        double[] y = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = transA ? a[p * m + i] : a[i * k + p];
                    double bv = transB ? b[j * k + p] : b[p * n + j];
                    s += av * bv;
                }
                y[i * n + j] = s;
            }
        }
        return y;
    }

    /** x [n, in], w [out, in], b [out] or null: x w^T + b. */
    public static double[] linear(double[] x, double[] w, double[] b, int n, int in, int out) {
        double[] y = matmul(x, false, w, true, n, in, out);
        if (b != null) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < out; j++) {
                    y[i * out + j] += b[j];
                }
            }
        }
        return y;
    }
}
