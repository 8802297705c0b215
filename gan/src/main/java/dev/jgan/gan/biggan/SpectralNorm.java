package dev.jgan.gan.biggan;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;

/**
 * The weight a PyTorch spectral-norm module uses in eval mode: no power iteration, the stored
 * u and v are only read, {@code sigma = u . (W_mat v)} with {@code W_mat} the weight seen as
 * [out, in * kh * kw], and {@code W = weight_orig / sigma}.
 */
final class SpectralNorm {
    private SpectralNorm() {}

    /** weight_orig / (u . (W_mat v)); {@code name} labels errors. */
    static Tensor resolve(String name, Tensor weightOrig, Tensor u, Tensor v) {
        int out = weightOrig.dim(0);
        int columns = weightOrig.size() / Math.max(1, out);
        Shapes.requireShape(name + ".weight_u for weight_orig of shape " + weightOrig.shapeString(), u, out);
        Shapes.requireShape(name + ".weight_v for weight_orig of shape " + weightOrig.shapeString(), v, columns);
        float sigma = (float) sigma(weightOrig.data(), out, columns, u.data(), v.data());
        if (!(Math.abs(sigma) > 0) || Float.isInfinite(sigma)) {
            throw new IllegalArgumentException(name + ": spectral norm sigma = u . (W v) is " + sigma
                    + "; the stored u and v cannot normalise this weight");
        }
        float[] w = weightOrig.data();
        float[] resolved = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            resolved[i] = w[i] / sigma;
        }
        return Tensor.wrap(resolved, weightOrig.shape());
    }

    /** u . (W v) for W [rows, columns] row-major, accumulated in double. */
    static double sigma(float[] w, int rows, int columns, float[] u, float[] v) {
        double sigma = 0;
        for (int r = 0; r < rows; r++) {
            double wv = 0;
            for (int c = 0; c < columns; c++) {
                wv += (double) w[r * columns + c] * v[c];
            }
            sigma += u[r] * wv;
        }
        return sigma;
    }
}
