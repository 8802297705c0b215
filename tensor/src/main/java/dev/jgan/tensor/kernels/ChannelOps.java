package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.Vectors;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Per-channel broadcasts over tensors whose axis 1 is the channel axis: NCHW images,
 * [N, C, L] sequences and [N, C] rows (where a per-channel vector is a per-column bias).
 *
 * <p>Per-channel operands have shape [C]. {@code xxxInto} writes into {@code out} (x's shape,
 * may be x itself); {@code xxx} allocates.
 */
public final class ChannelOps {
    private static final VectorSpecies<Float> F = Vectors.FLOAT;

    private ChannelOps() {}

    /** x + b[c]. */
    public static Tensor addChannels(Tensor x, Tensor b) {
        return addChannelsInto(x, b, Tensor.zeros(x.shape()));
    }

    public static Tensor addChannelsInto(Tensor x, Tensor b, Tensor out) {
        return affine("addChannels", x, null, b, 1f, out);
    }

    /** x * s[c]. */
    public static Tensor mulChannels(Tensor x, Tensor s) {
        return mulChannelsInto(x, s, Tensor.zeros(x.shape()));
    }

    public static Tensor mulChannelsInto(Tensor x, Tensor s, Tensor out) {
        return affine("mulChannels", x, s, null, 1f, out);
    }

    /** x * scale[c] + shift[c]. */
    public static Tensor scaleShift(Tensor x, Tensor scale, Tensor shift) {
        return scaleShiftInto(x, scale, shift, Tensor.zeros(x.shape()));
    }

    public static Tensor scaleShiftInto(Tensor x, Tensor scale, Tensor shift, Tensor out) {
        return affine("scaleShift", x, scale, shift, 1f, out);
    }

    /** relu(x * scale[c] + shift[c]). */
    public static Tensor scaleShiftRelu(Tensor x, Tensor scale, Tensor shift) {
        return scaleShiftReluInto(x, scale, shift, Tensor.zeros(x.shape()));
    }

    public static Tensor scaleShiftReluInto(Tensor x, Tensor scale, Tensor shift, Tensor out) {
        return affine("scaleShiftRelu", x, scale, shift, 0f, out);
    }

    /** leakyRelu(x * scale[c] + shift[c], slope). */
    public static Tensor scaleShiftLeakyRelu(Tensor x, Tensor scale, Tensor shift, float slope) {
        return scaleShiftLeakyReluInto(x, scale, shift, slope, Tensor.zeros(x.shape()));
    }

    public static Tensor scaleShiftLeakyReluInto(Tensor x, Tensor scale, Tensor shift, float slope, Tensor out) {
        return affine("scaleShiftLeakyRelu", x, scale, shift, slope, out);
    }

    /** x[M, N] + b[N] on every row (a Linear layer's bias). */
    public static Tensor addRowBias(Tensor x, Tensor b) {
        return addRowBiasInto(x, b, Tensor.zeros(x.shape()));
    }

    public static Tensor addRowBiasInto(Tensor x, Tensor b, Tensor out) {
        Shapes.requireRank("addRowBias: x", x, 2);
        return affine("addRowBias", x, null, b, 1f, out);
    }

    /** Channel count of x (its axis 1), after checking x has a channel axis. */
    static int channels(String op, Tensor x) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException(op + ": x needs shape [N, C, ...], found " + x.shapeString());
        }
        return x.dim(1);
    }

    /** Elements per (sample, channel) plane of x: the product of the axes after the channel axis. */
    static int planeSize(Tensor x) {
        int[] shape = x.shape();
        return Shapes.size(shape, 2, shape.length);
    }

    /** out = act(x * scale[c] + shift[c]), act(v) = v > 0 ? v : slope * v; null scale = 1, null shift = 0. */
    private static Tensor affine(String op, Tensor x, Tensor scale, Tensor shift, float slope, Tensor out) {
        int channels = channels(op, x);
        if (scale != null) {
            Shapes.requireShape(op + ": per-channel scale for x of shape " + x.shapeString(), scale, channels);
        }
        if (shift != null) {
            Shapes.requireShape(op + ": per-channel " + (scale == null ? "operand" : "shift")
                    + " for x of shape " + x.shapeString(), shift, channels);
        }
        Shapes.requireSame(op + ": out", x.shape(), out.shape());
        int plane = planeSize(x);
        float[] a = x.data(), o = out.data();
        if (plane == 1) {
            float[] s = scale == null ? filled(channels, 1f) : scale.data();
            float[] t = shift == null ? filled(channels, 0f) : shift.data();
            Parallel.forRange(x.dim(0), Grain.units(Grain.CHEAP, channels), (from, to) -> {
                for (int row = from; row < to; row++) {
                    affineRow(a, o, row * channels, s, t, channels, slope);
                }
            });
        } else {
            float[] s = scale == null ? null : scale.data();
            float[] t = shift == null ? null : shift.data();
            Parallel.forRange(x.dim(0) * channels, Grain.units(Grain.CHEAP, plane), (from, to) -> {
                for (int p = from; p < to; p++) {
                    int c = p % channels;
                    affinePlane(a, o, p * plane, plane, s == null ? 1f : s[c], t == null ? 0f : t[c], slope);
                }
            });
        }
        return out;
    }

    private static float[] filled(int n, float value) {
        float[] a = new float[n];
        Arrays.fill(a, value);
        return a;
    }

    // Adding +0 turns the -0 that slope 0 gives for negative v into +0, as relu returns.
    private static void affinePlane(float[] a, float[] o, int offset, int n, float s, float t, float slope) {
        FloatVector vs = FloatVector.broadcast(F, s);
        FloatVector vt = FloatVector.broadcast(F, t);
        FloatVector zero = FloatVector.zero(F);
        int i = offset;
        int end = offset + n;
        for (int bound = offset + Vectors.loopBound(n); i < bound; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, a, i).fma(vs, vt);
            v.mul(slope).add(zero).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(o, i);
        }
        for (; i < end; i++) {
            float v = Math.fma(a[i], s, t);
            o[i] = v > 0f ? v : v * slope + 0f;
        }
    }

    private static void affineRow(float[] a, float[] o, int offset, float[] s, float[] t, int n, float slope) {
        FloatVector zero = FloatVector.zero(F);
        int c = 0;
        for (int bound = Vectors.loopBound(n); c < bound; c += F.length()) {
            FloatVector v = FloatVector.fromArray(F, a, offset + c)
                    .fma(FloatVector.fromArray(F, s, c), FloatVector.fromArray(F, t, c));
            v.mul(slope).add(zero).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(o, offset + c);
        }
        for (; c < n; c++) {
            float v = Math.fma(a[offset + c], s[c], t[c]);
            o[offset + c] = v > 0f ? v : v * slope + 0f;
        }
    }
}
