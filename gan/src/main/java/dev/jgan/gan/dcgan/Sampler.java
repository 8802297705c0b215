package dev.jgan.gan.dcgan;

import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import java.util.Arrays;

/** Draws images from a trained DCGAN: z ~ N(0, 1) from a seed, in chunks, optionally of one class. */
public final class Sampler {
    private static final int CHUNK = 256;

    private final Dcgan model;

    public Sampler(Dcgan model) {
        this.model = model;
    }

    /**
     * {@code count} images [count, C, H, W] in [-1, 1]. For a conditional model, all of class
     * {@code label}, or classes 0, 1, 2, ... in turn when {@code label} is null.
     */
    public Tensor sample(int count, long seed, Integer label) {
        DcganConfig config = model.config();
        if (count <= 0) {
            throw new IllegalArgumentException("--count must be positive, got " + count);
        }
        int[] labels = labels(count, label);
        Tensor z = Tensor.normal(new Rng(seed), 0f, 1f, count, config.latentDim(), 1, 1);
        int size = config.imageSize();
        int per = config.channels() * size * size;
        float[] out = new float[Math.multiplyExact(count, per)];
        int latent = config.latentDim();
        for (int from = 0; from < count; from += CHUNK) {
            int n = Math.min(CHUNK, count - from);
            float[] chunk = new float[n * latent];
            System.arraycopy(z.data(), from * latent, chunk, 0, chunk.length);
            int[] chunkLabels = labels == null ? null : Arrays.copyOfRange(labels, from, from + n);
            Tensor images = model.sample(Tensor.wrap(chunk, n, latent, 1, 1), chunkLabels);
            System.arraycopy(images.data(), 0, out, from * per, n * per);
        }
        return Tensor.wrap(out, count, config.channels(), size, size);
    }

    /** The labels for {@code count} images (null for an unconditional model); checks {@code label}. */
    public int[] labels(int count, Integer label) {
        DcganConfig config = model.config();
        if (!config.conditional()) {
            if (label != null) {
                throw new IllegalArgumentException("--label needs a conditional model; this checkpoint is "
                        + config.describe() + " (train with --conditional)");
            }
            return null;
        }
        if (label != null && (label < 0 || label >= config.numClasses())) {
            throw new IllegalArgumentException("--label " + label + " is outside the model's classes 0.."
                    + (config.numClasses() - 1));
        }
        int[] labels = DcganTrainer.cycleLabels(count, config.numClasses());
        if (label != null) {
            Arrays.fill(labels, label);
        }
        return labels;
    }
}
