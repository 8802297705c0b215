package dev.jgan.tensor.reference;

/** Batch-norm-then-ReLU with fixed statistics over x[N, C, P] in float64, from the definition. */
public final class ReferenceNormRelu {
    private ReferenceNormRelu() {}

    /** relu((x - mean[c]) / sqrt(var[c] + eps) * gain + offset); gain/offset of length C or N * C. */
    public static double[] forward(double[] x, int n, int c, int p, double[] mean, double[] var, double eps,
                                   double[] gain, double[] offset) {
        boolean perSample = gain.length == n * c && n > 1;
        double[] y = new double[x.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                int affine = perSample ? i * c + j : j;
                for (int k = 0; k < p; k++) {
                    int at = (i * c + j) * p + k;
                    double v = (x[at] - mean[j]) / Math.sqrt(var[j] + eps) * gain[affine] + offset[affine];
                    y[at] = Math.max(v, 0);
                }
            }
        }
        return y;
    }
}
