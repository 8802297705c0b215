package dev.jgan.tensor.reference;

/** Batch normalisation over x[N, C, P] in float64, straight from the definitions. */
public final class ReferenceBatchNorm {
    private ReferenceBatchNorm() {}

    /** Training forward: (x - mean) / sqrt(var + eps) * gamma + beta with batch statistics (biased var). */
    public static double[] trainForward(double[] x, int n, int c, int p, double[] gamma, double[] beta, double eps) {
        double[] mean = ReferenceChannels.channelMeans(x, n, c, p);
        double[] var = ReferenceChannels.channelVariances(x, n, c, p);
        return normalize(x, n, c, p, mean, var, gamma, beta, eps);
    }

    public static double[] normalize(double[] x, int n, int c, int p, double[] mean, double[] var,
                                     double[] gamma, double[] beta, double eps) {
        double[] y = new double[x.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                for (int k = 0; k < p; k++) {
                    int at = (i * c + j) * p + k;
                    double xhat = (x[at] - mean[j]) / Math.sqrt(var[j] + eps);
                    y[at] = xhat * (gamma == null ? 1 : gamma[j]) + (beta == null ? 0 : beta[j]);
                }
            }
        }
        return y;
    }

    /** dx of the training forward: gamma * invstd / M * (M dy - sum(dy) - xhat * sum(dy * xhat)). */
    public static double[] inputGradient(double[] dy, double[] x, int n, int c, int p, double[] gamma, double eps) {
        double[] mean = ReferenceChannels.channelMeans(x, n, c, p);
        double[] var = ReferenceChannels.channelVariances(x, n, c, p);
        double[] xhat = normalize(x, n, c, p, mean, var, null, null, eps);
        double[] sumDy = ReferenceChannels.channelSums(dy, null, n, c, p);
        double[] sumDyXhat = ReferenceChannels.channelSums(dy, xhat, n, c, p);
        double m = (double) n * p;
        double[] dx = new double[x.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                double k = (gamma == null ? 1 : gamma[j]) / Math.sqrt(var[j] + eps) / m;
                for (int q = 0; q < p; q++) {
                    int at = (i * c + j) * p + q;
                    dx[at] = k * (m * dy[at] - sumDy[j] - xhat[at] * sumDyXhat[j]);
                }
            }
        }
        return dx;
    }
}
