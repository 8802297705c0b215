package dev.jgan.tensor.reference;

/** Obvious float64 loops over x[N, C, P] (P = product of the axes after the channel axis). */
public final class ReferenceChannels {
    private ReferenceChannels() {}

    /** act(x * scale[c] + shift[c]), act(v) = v > 0 ? v : slope * v; null scale = 1, null shift = 0. */
    public static double[] affine(double[] x, int n, int c, int p, double[] scale, double[] shift, double slope) {
        double[] y = new double[x.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                for (int k = 0; k < p; k++) {
                    int at = (i * c + j) * p + k;
                    double v = x[at] * (scale == null ? 1 : scale[j]) + (shift == null ? 0 : shift[j]);
                    y[at] = v > 0 ? v : slope * v;
                }
            }
        }
        return y;
    }

    /** Per-channel sum of x * w (w null: of x). */
    public static double[] channelSums(double[] x, double[] w, int n, int c, int p) {
        double[] s = new double[c];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                for (int k = 0; k < p; k++) {
                    int at = (i * c + j) * p + k;
                    s[j] += x[at] * (w == null ? 1 : w[at]);
                }
            }
        }
        return s;
    }

    /** Per-channel mean. */
    public static double[] channelMeans(double[] x, int n, int c, int p) {
        double[] s = channelSums(x, null, n, c, p);
        for (int j = 0; j < c; j++) {
            s[j] /= (double) n * p;
        }
        return s;
    }

    /** Per-channel biased variance (divided by the count). */
    public static double[] channelVariances(double[] x, int n, int c, int p) {
        double[] mean = channelMeans(x, n, c, p);
        double[] v = new double[c];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                for (int k = 0; k < p; k++) {
                    double d = x[(i * c + j) * p + k] - mean[j];
                    v[j] += d * d;
                }
            }
        }
        for (int j = 0; j < c; j++) {
            v[j] /= (double) n * p;
        }
        return v;
    }
}
