package dev.jgan.cuda.reference;

/** Float64 activations and their gradients, element by element. */
public final class ActivationReference {
    private ActivationReference() {}

    public static double[] relu(float[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(x[i], 0.0);
        }
        return y;
    }

    /** dx = dy * [x > 0]. */
    public static double[] reluBackward(float[] dy, float[] x) {
        double[] dx = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            dx[i] = x[i] > 0 ? dy[i] : 0.0;
        }
        return dx;
    }

    public static double[] leakyRelu(float[] x, double slope) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] > 0 ? x[i] : slope * x[i];
        }
        return y;
    }

    /** dx = dy * (x > 0 ? 1 : slope). */
    public static double[] leakyReluBackward(float[] dy, float[] x, double slope) {
        double[] dx = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            dx[i] = x[i] > 0 ? dy[i] : slope * dy[i];
        }
        return dx;
    }

    public static double[] tanh(float[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.tanh(x[i]);
        }
        return y;
    }

    /** dx = dy * (1 - y^2) with y = tanh(x) taken as given. */
    public static double[] tanhBackward(float[] dy, float[] y) {
        double[] dx = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            dx[i] = dy[i] * (1.0 - (double) y[i] * y[i]);
        }
        return dx;
    }

    /** y[b][c][p] + bias[c] over y [N, C, plane]. */
    public static double[] biasAdd(float[] y, float[] bias, int plane) {
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = y[i] + (double) bias[(i / plane) % bias.length];
        }
        return out;
    }
}
