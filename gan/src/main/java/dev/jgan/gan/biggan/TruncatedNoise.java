package dev.jgan.gan.biggan;

import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;

/**
 * BigGAN's truncation trick for the latent vector: each value is a standard normal truncated
 * to [-2, 2] (values outside are drawn again), then multiplied by the truncation
 * (as pytorch-pretrained-BigGAN's {@code truncated_noise_sample}: truncnorm(-2, 2) * t).
 * The same truncation also selects the generator's batch-norm statistics.
 */
public final class TruncatedNoise {
    /** Values of the unscaled normal lie in [-BOUND, BOUND]. */
    public static final double BOUND = 2.0;

    private TruncatedNoise() {}

    /** z of shape [count, zDim] from a generator seeded with {@code seed}. */
    public static Tensor sample(long seed, int count, int zDim, double truncation) {
        return sample(new Rng(seed), count, zDim, truncation);
    }

    /** z of shape [count, zDim], drawn row by row from {@code rng}. */
    public static Tensor sample(Rng rng, int count, int zDim, double truncation) {
        checkTruncation(truncation);
        if (count < 1 || zDim < 1) {
            throw new IllegalArgumentException("noise shape must be positive, got [" + count + ", " + zDim + "]");
        }
        Tensor z = Tensor.zeros(count, zDim);
        float[] data = z.data();
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (truncation * truncatedNormal(rng));
        }
        return z;
    }

    /** A standard normal value conditioned on |x| <= BOUND, by rejection (about 4.6% are redrawn). */
    static double truncatedNormal(Rng rng) {
        double x;
        do {
            x = rng.nextGaussian();
        } while (Math.abs(x) > BOUND);
        return x;
    }

    /** Truncation must lie in (0, 1], the range the generator's statistics cover. */
    public static void checkTruncation(double truncation) {
        if (!(truncation > 0 && truncation <= 1)) {
            throw new IllegalArgumentException("truncation must be in (0, 1], got " + truncation);
        }
    }
}
