package dev.jgan.tensor.reference;

/** Obvious float64 loops for element-by-element arithmetic and activations. */
public final class ReferenceElementwise {
    private ReferenceElementwise() {}

    /** A float64 function of one value. */
    @FunctionalInterface
    public interface Unary {
        double apply(double x);
    }

    /** A float64 function of two values. */
    @FunctionalInterface
    public interface Binary {
        double apply(double a, double b);
    }

    public static double[] map(double[] x, Unary f) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = f.apply(x[i]);
        }
        return y;
    }

    public static double[] zip(double[] a, double[] b, Binary f) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = f.apply(a[i], b[i]);
        }
        return y;
    }

    public static double relu(double x) {
        return x > 0 ? x : 0;
    }

    public static double leakyRelu(double x, double slope) {
        return x > 0 ? x : slope * x;
    }

    public static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    public static double clamp(double x, double min, double max) {
        return Math.min(Math.max(x, min), max);
    }
}
