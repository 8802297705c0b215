package dev.jgan.gan.eval;

import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;

/** Degraded image sets for calibrating the evaluator; images are [N, C, H, W] in [-1, 1]. */
public final class ImagePerturbations {
    private ImagePerturbations() {}

    /** Images of independent N(0, std^2) pixels clipped to [-1, 1]. */
    public static Tensor gaussianNoise(int[] shape, float std, long seed) {
        Tensor out = Tensor.normal(new Rng(seed), 0f, std, shape);
        clip(out.data());
        return out;
    }

    /** The images plus N(0, std^2) noise per pixel, clipped to [-1, 1]. */
    public static Tensor addNoise(Tensor images, float std, long seed) {
        Tensor out = Tensor.normal(new Rng(seed), 0f, std, images.shape());
        float[] o = out.data();
        float[] in = images.data();
        for (int i = 0; i < o.length; i++) {
            o[i] += in[i];
        }
        clip(o);
        return out;
    }

    /**
     * Each image plane convolved with a Gaussian of standard deviation {@code sigma} pixels
     * (separable, radius ceil(3 sigma), edges replicated).
     */
    public static Tensor gaussianBlur(Tensor images, double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        float[] kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            sum += Math.exp(-k * k / (2 * sigma * sigma));
        }
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = (float) (Math.exp(-k * k / (2 * sigma * sigma)) / sum);
        }
        int h = images.dim(2);
        int w = images.dim(3);
        int planes = images.dim(0) * images.dim(1);
        float[] in = images.data();
        float[] out = new float[in.length];
        float[] rows = new float[h * w];
        for (int p = 0; p < planes; p++) {
            int base = p * h * w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float acc = 0;
                    for (int k = -radius; k <= radius; k++) {
                        acc += kernel[k + radius] * in[base + y * w + Math.clamp(x + k, 0, w - 1)];
                    }
                    rows[y * w + x] = acc;
                }
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float acc = 0;
                    for (int k = -radius; k <= radius; k++) {
                        acc += kernel[k + radius] * rows[Math.clamp(y + k, 0, h - 1) * w + x];
                    }
                    out[base + y * w + x] = acc;
                }
            }
        }
        return Tensor.wrap(out, images.shape());
    }

    private static void clip(float[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.clamp(values[i], -1f, 1f);
        }
    }
}
