package dev.jgan.nn;

import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;

/**
 * Seeded weight initialisers, in place, with PyTorch's fan conventions: for a weight of
 * shape [d0, d1, k...], fan_in = d1 * prod(k) and fan_out = d0 * prod(k).
 */
public final class Init {
    private Init() {}

    /** N(mean, std^2); DCGAN uses normal(0, 0.02). */
    public static Tensor normal(Tensor t, Rng rng, float mean, float std) {
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = mean + std * (float) rng.nextGaussian();
        }
        return t;
    }

    /** U(low, high). */
    public static Tensor uniform(Tensor t, Rng rng, float low, float high) {
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (low + (high - low) * rng.nextDouble());
        }
        return t;
    }

    /**
     * Kaiming (He) uniform for leaky-ReLU slope {@code a}: bound = sqrt(6 / ((1 + a^2) fan_in)).
     * PyTorch's default for Linear and Conv weights is a = sqrt(5), bound = 1 / sqrt(fan_in).
     */
    public static Tensor kaimingUniform(Tensor t, Rng rng, double a) {
        double bound = Math.sqrt(6.0 / ((1 + a * a) * fanIn(t)));
        return uniform(t, rng, (float) -bound, (float) bound);
    }

    /** Kaiming (He) normal: std = sqrt(2 / ((1 + a^2) fan_in)). */
    public static Tensor kaimingNormal(Tensor t, Rng rng, double a) {
        return normal(t, rng, 0f, (float) Math.sqrt(2.0 / ((1 + a * a) * fanIn(t))));
    }

    /** Xavier (Glorot) uniform: bound = gain sqrt(6 / (fan_in + fan_out)). */
    public static Tensor xavierUniform(Tensor t, Rng rng, double gain) {
        double bound = gain * Math.sqrt(6.0 / (fanIn(t) + fanOut(t)));
        return uniform(t, rng, (float) -bound, (float) bound);
    }

    /** Xavier (Glorot) normal: std = gain sqrt(2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal(Tensor t, Rng rng, double gain) {
        return normal(t, rng, 0f, (float) (gain * Math.sqrt(2.0 / (fanIn(t) + fanOut(t)))));
    }

    /** PyTorch's default bias init for a layer whose weight has this fan-in: U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
    public static Tensor defaultBias(Tensor bias, Rng rng, int fanIn) {
        float bound = (float) (1 / Math.sqrt(fanIn));
        return uniform(bias, rng, -bound, bound);
    }

    public static int fanIn(Tensor weight) {
        requireMatrixOrMore(weight);
        return weight.dim(1) * receptiveField(weight);
    }

    public static int fanOut(Tensor weight) {
        requireMatrixOrMore(weight);
        return weight.dim(0) * receptiveField(weight);
    }

    private static int receptiveField(Tensor weight) {
        return weight.size() / (weight.dim(0) * weight.dim(1));
    }

    private static void requireMatrixOrMore(Tensor weight) {
        if (weight.rank() < 2) {
            throw new IllegalArgumentException("fan in/out needs a weight of rank >= 2, got shape " + weight.shapeString());
        }
    }
}
