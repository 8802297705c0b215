package dev.jgan.tensor.reference;

/** Softmax of x viewed as [outer, n, inner] along the middle axis, in float64. */
public final class ReferenceSoftmax {
    private ReferenceSoftmax() {}

    public static double[] forward(double[] x, int outer, int n, int inner) {
        double[] y = new double[x.length];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) {
                    max = Math.max(max, x[(o * n + k) * inner + j]);
                }
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += Math.exp(x[(o * n + k) * inner + j] - max);
                }
                for (int k = 0; k < n; k++) {
                    int at = (o * n + k) * inner + j;
                    y[at] = Math.exp(x[at] - max) / sum;
                }
            }
        }
        return y;
    }
}
