package dev.jgan.gan.eval;

/**
 * Fréchet distance between two Gaussians fitted to feature sets (the "FID" of Heusel et al. 2017):
 * ||mu1 - mu2||^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2)).
 * The trace of (S1 S2)^(1/2) is computed as the sum of square roots of the eigenvalues of the
 * symmetric PSD matrix S1^(1/2) S2 S1^(1/2), which has the same spectrum as S1 S2.
 */
public final class Fid {
    private Fid() {}

    /** Mean and covariance (unbiased, divided by n - 1) of n feature rows. */
    public record Gaussian(double[] mean, double[][] covariance) {
        public static Gaussian fit(float[][] features) {
            int n = features.length;
            if (n < 2) {
                throw new IllegalArgumentException("need at least 2 feature vectors to fit a Gaussian, got " + n);
            }
            int d = features[0].length;
            double[] mean = new double[d];
            for (float[] row : features) {
                for (int i = 0; i < d; i++) {
                    mean[i] += row[i];
                }
            }
            for (int i = 0; i < d; i++) {
                mean[i] /= n;
            }
            double[][] cov = new double[d][d];
            double[] centred = new double[d];
            for (float[] row : features) {
                for (int i = 0; i < d; i++) {
                    centred[i] = row[i] - mean[i];
                }
                for (int i = 0; i < d; i++) {
                    for (int j = i; j < d; j++) {
                        cov[i][j] += centred[i] * centred[j];
                    }
                }
            }
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    cov[i][j] /= n - 1;
                    cov[j][i] = cov[i][j];
                }
            }
            return new Gaussian(mean, cov);
        }
    }

    public static double distance(Gaussian a, Gaussian b) {
        int d = a.mean().length;
        if (b.mean().length != d) {
            throw new IllegalArgumentException("feature sizes differ: " + d + " vs " + b.mean().length);
        }
        double meanTerm = 0;
        for (int i = 0; i < d; i++) {
            double diff = a.mean()[i] - b.mean()[i];
            meanTerm += diff * diff;
        }
        double[][] rootA = SymmetricEigen.of(a.covariance()).sqrtPsd();
        double[][] middle = multiply(multiply(rootA, b.covariance()), rootA);
        symmetrise(middle);
        double traceRoot = 0;
        for (double value : SymmetricEigen.of(middle).values()) {
            traceRoot += Math.sqrt(Math.max(value, 0));
        }
        double trace = 0;
        for (int i = 0; i < d; i++) {
            trace += a.covariance()[i][i] + b.covariance()[i][i];
        }
        return Math.max(0, meanTerm + trace - 2 * traceRoot);
    }

    private static double[][] multiply(double[][] x, double[][] y) {
        int n = x.length;
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double xik = x[i][k];
                for (int j = 0; j < n; j++) {
                    out[i][j] += xik * y[k][j];
                }
            }
        }
        return out;
    }

    private static void symmetrise(double[][] m) {
        for (int i = 0; i < m.length; i++) {
            for (int j = i + 1; j < m.length; j++) {
                double avg = 0.5 * (m[i][j] + m[j][i]);
                m[i][j] = avg;
                m[j][i] = avg;
            }
        }
    }
}
