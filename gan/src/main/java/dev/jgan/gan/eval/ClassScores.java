package dev.jgan.gan.eval;

/**
 * Scores computed from a classifier's predicted class probabilities p(y|x) on generated samples:
 * the Inception-Score analogue exp(E_x KL(p(y|x) || p(y))), the histogram of predicted classes,
 * and that histogram's entropy (log(classes) when all classes are equally frequent; low values
 * signal mode collapse).
 */
public record ClassScores(double inceptionScore, int[] histogram, double histogramEntropy) {

    /** {@code probabilities}: one row per sample, each summing to 1. */
    public static ClassScores of(float[][] probabilities) {
        int n = probabilities.length;
        if (n == 0) {
            throw new IllegalArgumentException("no samples to score");
        }
        int classes = probabilities[0].length;
        double[] marginal = new double[classes];
        int[] histogram = new int[classes];
        for (float[] row : probabilities) {
            for (int c = 0; c < classes; c++) {
                marginal[c] += row[c] / (double) n;
            }
            histogram[argmax(row)]++;
        }
        double meanKl = 0;
        for (float[] row : probabilities) {
            for (int c = 0; c < classes; c++) {
                if (row[c] > 0) {
                    meanKl += row[c] * (Math.log(row[c]) - Math.log(marginal[c])) / n;
                }
            }
        }
        double entropy = 0;
        for (int count : histogram) {
            if (count > 0) {
                double p = count / (double) n;
                entropy -= p * Math.log(p);
            }
        }
        return new ClassScores(Math.exp(meanKl), histogram, entropy);
    }

    /** The index of the largest value (the first one on ties). */
    public static int argmax(float[] row) {
        int best = 0;
        for (int c = 1; c < row.length; c++) {
            best = row[c] > row[best] ? c : best;
        }
        return best;
    }
}
