package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Inference batch normalisation with fixed statistics followed by ReLU, in one pass:
 * {@code y = relu((x - mean[c]) / sqrt(var[c] + eps) * gain + offset)} over x[N, C, ...].
 * gain and offset are either per channel ([C], an ordinary affine batch norm) or per sample
 * and channel ([N, C], a conditional batch norm whose affine parameters come from a
 * conditioning vector).
 */
public final class NormRelu {
    private static final VectorSpecies<Float> F = Vectors.FLOAT;

    private NormRelu() {}

    /** Allocating form of {@link #forwardInto}. */
    public static Tensor forward(Tensor x, Tensor mean, Tensor var, float eps, Tensor gain, Tensor offset) {
        Tensor y = Tensor.zeros(x.shape());
        forwardInto(x, mean, var, eps, gain, offset, y);
        return y;
    }

    /** Writes relu((x - mean) / sqrt(var + eps) * gain + offset) into y (x's shape; may be x). */
    public static void forwardInto(Tensor x, Tensor mean, Tensor var, float eps, Tensor gain, Tensor offset, Tensor y) {
        Coefficients k = coefficients(x, mean, var, eps, gain, offset);
        Shapes.requireSame("normRelu: y", x.shape(), y.shape());
        int plane = ChannelOps.planeSize(x);
        float[] a = x.data(), o = y.data();
        Parallel.forRange(k.mean.length, Grain.units(Grain.CHEAP, plane), (from, to) -> {
            for (int p = from; p < to; p++) {
                normalize(a, p * plane, o, p * plane, plane, k.mean[p], k.invstd[p], k.gain[p], k.shift[p]);
            }
        });
    }

    /**
     * The constants of one normalisation of x [N, C, ...] per image and channel (index n C + c), checked
     * against x's shape: y = relu((x - mean) invstd gain + shift).
     */
    static Coefficients coefficients(Tensor x, Tensor mean, Tensor var, float eps, Tensor gain, Tensor offset) {
        int channels = ChannelOps.channels("normRelu", x);
        int images = x.dim(0);
        Shapes.requireShape("normRelu: mean for x of shape " + x.shapeString(), mean, channels);
        Shapes.requireShape("normRelu: var for x of shape " + x.shapeString(), var, channels);
        boolean perSample = requireAffine("gain", gain, x, images, channels);
        if (perSample != requireAffine("offset", offset, x, images, channels)) {
            throw new IllegalArgumentException("normRelu: gain " + gain.shapeString() + " and offset "
                    + offset.shapeString() + " must both be [C] or both be [N, C]");
        }
        Coefficients k = new Coefficients(images * channels);
        float[] mu = mean.data(), v = var.data(), g = gain.data(), b = offset.data();
        for (int p = 0; p < images * channels; p++) {
            int c = p % channels;
            int affine = perSample ? p : c;
            k.mean[p] = mu[c];
            k.invstd[p] = (float) (1.0 / Math.sqrt((double) v[c] + eps));
            k.gain[p] = g[affine];
            k.shift[p] = b[affine];
        }
        return k;
    }

    /** Per image and channel: the mean subtracted, the inverse standard deviation, the gain and the shift. */
    record Coefficients(float[] mean, float[] invstd, float[] gain, float[] shift) {
        Coefficients(int planes) {
            this(new float[planes], new float[planes], new float[planes], new float[planes]);
        }
    }

    private static boolean requireAffine(String name, Tensor t, Tensor x, int images, int channels) {
        if (t.rank() == 2) {
            Shapes.requireShape("normRelu: per-sample " + name + " for x of shape " + x.shapeString(), t, images, channels);
            return true;
        }
        Shapes.requireShape("normRelu: " + name + " for x of shape " + x.shapeString(), t, channels);
        return false;
    }

    /**
     * dst[to + i] = relu((src[from + i] - mu) invstd gain + shift) for i below n, every value
     * computed the same way whatever the run it is part of (adding +0 turns the -0 of max(-0, 0) into +0).
     */
    static void normalize(float[] src, int from, float[] dst, int to, int n, float mu, float invstd, float gain,
                          float shift) {
        FloatVector vmu = FloatVector.broadcast(F, mu);
        FloatVector vinv = FloatVector.broadcast(F, invstd);
        FloatVector vg = FloatVector.broadcast(F, gain);
        FloatVector vt = FloatVector.broadcast(F, shift);
        FloatVector zero = FloatVector.zero(F);
        int i = 0;
        for (int bound = Vectors.loopBound(n); i < bound; i += F.length()) {
            FloatVector.fromArray(F, src, from + i).sub(vmu).mul(vinv).fma(vg, vt).max(zero).add(zero)
                    .intoArray(dst, to + i);
        }
        for (; i < n; i++) {
            dst[to + i] = Math.max(Math.fma((src[from + i] - mu) * invstd, gain, shift), 0f) + 0f;
        }
    }
}
