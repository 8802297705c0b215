package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Nearest-neighbour x2 upsampling of x[N, C, H, W] to [N, C, 2H, 2W], its backward, and the
 * residual adds (up-sampled or not) that read the shortcut straight from x.
 */
public final class Upsample {
    private static final VectorSpecies<Float> F = Vectors.FLOAT;
    private static final int L = Vectors.LANES;
    /** Lane i takes lane i/2: the first half of a vector, each value twice. */
    private static final VectorShuffle<Float> REPEAT_LOW = VectorShuffle.fromOp(F, i -> i / 2);
    /** Lane i takes lane (L + i)/2: the second half, each value twice. */
    private static final VectorShuffle<Float> REPEAT_HIGH = VectorShuffle.fromOp(F, i -> (L + i) / 2);
    private static final int[] EVEN = indices(0);
    private static final int[] ODD = indices(1);

    private Upsample() {}

    private static int[] indices(int first) {
        int[] index = new int[L];
        for (int i = 0; i < L; i++) {
            index[i] = 2 * i + first;
        }
        return index;
    }

    /** y[n, c, h, w] = x[n, c, h / 2, w / 2]. */
    public static Tensor nearest2x(Tensor x) {
        Shapes.requireRank("upsample: x", x, 4);
        return nearest2xInto(x, Tensor.zeros(x.dim(0), x.dim(1), 2 * x.dim(2), 2 * x.dim(3)));
    }

    public static Tensor nearest2xInto(Tensor x, Tensor y) {
        Shapes.requireRank("upsample: x", x, 4);
        int h = x.dim(2), w = x.dim(3);
        Shapes.requireShape("upsample: y for x of shape " + x.shapeString(), y, x.dim(0), x.dim(1), 2 * h, 2 * w);
        float[] a = x.data(), o = y.data();
        Parallel.forRange(x.dim(0) * x.dim(1) * h, Grain.units(Grain.CHEAP, 4 * w), (from, to) -> {
            for (int row = from; row < to; row++) {
                repeatRow(a, row * w, o, 4 * row * w, w);
                repeatRow(a, row * w, o, 4 * row * w + 2 * w, w);
            }
        });
        return y;
    }

    /** dst[to + 2 j] = dst[to + 2 j + 1] = src[from + j] for j below w: one row of the up-sampled image. */
    static void repeatRow(float[] src, int from, float[] dst, int to, int w) {
        int j = 0;
        for (int bound = Vectors.loopBound(w); j < bound; j += L) {
            FloatVector v = FloatVector.fromArray(F, src, from + j);
            v.rearrange(REPEAT_LOW).intoArray(dst, to + 2 * j);
            v.rearrange(REPEAT_HIGH).intoArray(dst, to + 2 * j + L);
        }
        for (; j < w; j++) {
            dst[to + 2 * j] = src[from + j];
            dst[to + 2 * j + 1] = src[from + j];
        }
    }

    /**
     * y += nearest2x(x[:, 0:C]) with C = y's channel count (x may have more channels): a residual
     * shortcut that keeps x's first channels and is up-sampled, added without materialising it.
     */
    public static Tensor addNearest2xInto(Tensor x, Tensor y) {
        Shapes.requireRank("addUpsampled: x", x, 4);
        Shapes.requireRank("addUpsampled: y", y, 4);
        int channels = y.dim(1), xChannels = x.dim(1), h = x.dim(2), w = x.dim(3);
        if (channels > xChannels) {
            throw new IllegalArgumentException("addUpsampled: y " + y.shapeString() + " has more channels than x "
                    + x.shapeString());
        }
        Shapes.requireShape("addUpsampled: y for x of shape " + x.shapeString(), y, x.dim(0), channels, 2 * h, 2 * w);
        float[] a = x.data(), o = y.data();
        Parallel.forRange(x.dim(0) * channels * h, Grain.units(Grain.CHEAP, 4 * w), (from, to) -> {
            for (int row = from; row < to; row++) {
                int plane = row / h;
                int src = (((plane / channels) * xChannels + plane % channels) * h + row % h) * w;
                int dst = 4 * row * w;
                int j = 0;
                for (int bound = Vectors.loopBound(w); j < bound; j += L) {
                    FloatVector v = FloatVector.fromArray(F, a, src + j);
                    FloatVector low = v.rearrange(REPEAT_LOW), high = v.rearrange(REPEAT_HIGH);
                    addInto(o, dst + 2 * j, low);
                    addInto(o, dst + 2 * j + L, high);
                    addInto(o, dst + 2 * w + 2 * j, low);
                    addInto(o, dst + 2 * w + 2 * j + L, high);
                }
                for (; j < w; j++) {
                    float v = a[src + j];
                    o[dst + 2 * j] += v;
                    o[dst + 2 * j + 1] += v;
                    o[dst + 2 * w + 2 * j] += v;
                    o[dst + 2 * w + 2 * j + 1] += v;
                }
            }
        });
        return y;
    }

    /**
     * y += x[:, 0:C] with C = y's channel count (x may have more channels), y [N, C, H, W]: a residual
     * shortcut that keeps x's first channels at the same size, added without copying them out.
     */
    public static Tensor addFirstChannelsInto(Tensor x, Tensor y) {
        Shapes.requireRank("addFirstChannels: x", x, 4);
        Shapes.requireRank("addFirstChannels: y", y, 4);
        int channels = y.dim(1), xChannels = x.dim(1), plane = x.dim(2) * x.dim(3);
        if (channels > xChannels) {
            throw new IllegalArgumentException("addFirstChannels: y " + y.shapeString() + " has more channels than x "
                    + x.shapeString());
        }
        Shapes.requireShape("addFirstChannels: y for x of shape " + x.shapeString(), y, x.dim(0), channels, x.dim(2),
                x.dim(3));
        float[] a = x.data(), o = y.data();
        Parallel.forRange(x.dim(0) * channels, Grain.units(Grain.CHEAP, plane), (from, to) -> {
            for (int p = from; p < to; p++) {
                int src = ((p / channels) * xChannels + p % channels) * plane;
                int dst = p * plane;
                int j = 0;
                for (int bound = Vectors.loopBound(plane); j < bound; j += L) {
                    addInto(o, dst + j, FloatVector.fromArray(F, a, src + j));
                }
                for (; j < plane; j++) {
                    o[dst + j] += a[src + j];
                }
            }
        });
        return y;
    }

    private static void addInto(float[] y, int at, FloatVector v) {
        FloatVector.fromArray(F, y, at).add(v).intoArray(y, at);
    }

    /** Gradient of {@link #nearest2x}: dx[n, c, h, w] is the sum of dy's 2x2 block at (2h, 2w). */
    public static Tensor nearest2xBackward(Tensor dy) {
        Shapes.requireRank("upsampleBackward: dy", dy, 4);
        return nearest2xBackwardInto(dy, Tensor.zeros(dy.dim(0), dy.dim(1), dy.dim(2) / 2, dy.dim(3) / 2));
    }

    // y[2h + a, 2w + b] = x[h, w]  =>  dx[h, w] = sum over a, b in {0, 1} of dy[2h + a, 2w + b]
    public static Tensor nearest2xBackwardInto(Tensor dy, Tensor dx) {
        Shapes.requireRank("upsampleBackward: dy", dy, 4);
        Shapes.requireRank("upsampleBackward: dx", dx, 4);
        int h = dx.dim(2), w = dx.dim(3);
        Shapes.requireShape("upsampleBackward: dy for dx of shape " + dx.shapeString(), dy,
                dx.dim(0), dx.dim(1), 2 * h, 2 * w);
        float[] g = dy.data(), o = dx.data();
        Parallel.forRange(dx.dim(0) * dx.dim(1) * h, Grain.units(Grain.CHEAP, 4 * w), (from, to) -> {
            for (int row = from; row < to; row++) {
                int top = 4 * row * w;
                int bottom = top + 2 * w;
                int dst = row * w;
                int j = 0;
                for (int bound = Vectors.loopBound(w); j < bound; j += L) {
                    FloatVector.fromArray(F, g, top + 2 * j, EVEN, 0)
                            .add(FloatVector.fromArray(F, g, top + 2 * j, ODD, 0))
                            .add(FloatVector.fromArray(F, g, bottom + 2 * j, EVEN, 0))
                            .add(FloatVector.fromArray(F, g, bottom + 2 * j, ODD, 0))
                            .intoArray(o, dst + j);
                }
                for (; j < w; j++) {
                    o[dst + j] = g[top + 2 * j] + g[top + 2 * j + 1] + g[bottom + 2 * j] + g[bottom + 2 * j + 1];
                }
            }
        });
        return dx;
    }
}
