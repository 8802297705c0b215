package dev.jgan.nn.testing;

/** Float64 reference forwards: batch norm, per-channel affine maps, softmax, losses. */
public final class RefNorm {
    private RefNorm() {}

    /**
     * Training-mode batch norm of x [n, c, plane] with the biased batch variance;
     * gamma and beta may be null.
     */
    public static double[] batchNormTrain(double[] x, double[] gamma, double[] beta, int n, int c, int plane, double eps) {
        double[] y = new double[x.length];
        for (int ch = 0; ch < c; ch++) {
            double mean = 0;
            for (int s = 0; s < n; s++) {
                for (int p = 0; p < plane; p++) {
                    mean += x[(s * c + ch) * plane + p];
                }
            }
            mean /= n * plane;
            double var = 0;
            for (int s = 0; s < n; s++) {
                for (int p = 0; p < plane; p++) {
                    double d = x[(s * c + ch) * plane + p] - mean;
                    var += d * d;
                }
            }
            var /= n * plane;
            double invstd = 1 / Math.sqrt(var + eps);
            for (int s = 0; s < n; s++) {
                for (int p = 0; p < plane; p++) {
                    int i = (s * c + ch) * plane + p;
                    double g = gamma == null ? 1 : gamma[ch];
                    double b = beta == null ? 0 : beta[ch];
                    y[i] = (x[i] - mean) * invstd * g + b;
                }
            }
        }
        return y;
    }

    /** y = x scale + shift with scale and shift indexed by (sample, channel) when perSample, else by channel. */
    public static double[] affine(double[] x, double[] scale, double[] shift, int n, int c, int plane, boolean perSample) {
        double[] y = new double[x.length];
        for (int s = 0; s < n; s++) {
            for (int ch = 0; ch < c; ch++) {
                int k = perSample ? s * c + ch : ch;
                for (int p = 0; p < plane; p++) {
                    int i = (s * c + ch) * plane + p;
                    y[i] = x[i] * scale[k] + (shift == null ? 0 : shift[k]);
                }
            }
        }
        return y;
    }

    /** Softmax over the last axis of rows x cols. */
    public static double[] softmaxRows(double[] x, int rows, int cols) {
        double[] y = new double[x.length];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, x[r * cols + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                y[r * cols + j] = Math.exp(x[r * cols + j] - max);
                sum += y[r * cols + j];
            }
            for (int j = 0; j < cols; j++) {
                y[r * cols + j] /= sum;
            }
        }
        return y;
    }

    /** mean of log(1 + exp(x)) - x t, written directly. */
    public static double bceWithLogits(double[] x, double[] t) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += Math.log1p(Math.exp(x[i])) - x[i] * t[i];
        }
        return s / x.length;
    }
}
