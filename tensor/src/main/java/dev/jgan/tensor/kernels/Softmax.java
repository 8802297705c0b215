package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Softmax along one axis, computed as exp(x - max) / sum(exp(x - max)) so large inputs
 * cannot overflow. The tensor is viewed as [outer, n, inner] with n the axis length: for the
 * last axis (inner = 1) each row is a contiguous vector loop, otherwise vectors run across
 * inner positions and step along the axis. exp is {@link VectorExp}'s, so vector bodies and scalar
 * tails agree and the bits do not change as the JIT warms up.
 */
public final class Softmax {
    private static final VectorSpecies<Float> F = Vectors.FLOAT;
    private static final int L = Vectors.LANES;
    /** Inner positions handled per work unit when the axis is not the last. */
    private static final int COLUMN_BLOCK = 16 * Vectors.LANES;

    private Softmax() {}

    public static Tensor forward(Tensor x, int axis) {
        return forwardInto(x, axis, Tensor.zeros(x.shape()));
    }

    /** y = softmax(x) along axis (negative counts from the end); y may be x. */
    public static Tensor forwardInto(Tensor x, int axis, Tensor y) {
        Shapes.requireSame("softmax: y", x.shape(), y.shape());
        int[] shape = x.shape();
        int a = Shapes.axis(axis, shape.length);
        int outer = Shapes.size(shape, 0, a), n = shape[a], inner = Shapes.size(shape, a + 1, shape.length);
        float[] in = x.data(), out = y.data();
        if (n == 0 || in.length == 0) {
            return y;
        }
        if (inner == 1) {
            Parallel.forRange(outer, Grain.units(Grain.TRANSCENDENTAL, n), (from, to) -> {
                for (int r = from; r < to; r++) {
                    softmaxRow(in, out, r * n, n);
                }
            });
        } else {
            int blocks = (inner + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
            Parallel.forRange(outer * blocks, Grain.units(Grain.TRANSCENDENTAL, n * Math.min(inner, COLUMN_BLOCK)),
                    (from, to) -> {
                        for (int u = from; u < to; u++) {
                            int start = (u % blocks) * COLUMN_BLOCK;
                            softmaxColumns(in, out, (u / blocks) * n * inner, n, inner, start,
                                    Math.min(inner, start + COLUMN_BLOCK));
                        }
                    });
        }
        return y;
    }

    /** Gradient of {@link #forward} from its output y. */
    public static Tensor backward(Tensor dy, Tensor y, int axis) {
        return backwardInto(dy, y, axis, Tensor.zeros(y.shape()));
    }

    // y = softmax(x)  =>  dx = y * (dy - sum(dy * y)), the sum along the axis; dx may be dy
    public static Tensor backwardInto(Tensor dy, Tensor y, int axis, Tensor dx) {
        Shapes.requireSame("softmaxBackward: dy (against y)", y.shape(), dy.shape());
        Shapes.requireSame("softmaxBackward: dx", y.shape(), dx.shape());
        int[] shape = y.shape();
        int a = Shapes.axis(axis, shape.length);
        int outer = Shapes.size(shape, 0, a), n = shape[a], inner = Shapes.size(shape, a + 1, shape.length);
        float[] g = dy.data(), s = y.data(), o = dx.data();
        if (n == 0 || s.length == 0) {
            return dx;
        }
        if (inner == 1) {
            Parallel.forRange(outer, Grain.units(Grain.CHEAP, n), (from, to) -> {
                for (int r = from; r < to; r++) {
                    backwardRow(g, s, o, r * n, n);
                }
            });
        } else {
            int blocks = (inner + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
            Parallel.forRange(outer * blocks, Grain.units(Grain.CHEAP, n * Math.min(inner, COLUMN_BLOCK)),
                    (from, to) -> {
                        for (int u = from; u < to; u++) {
                            int start = (u % blocks) * COLUMN_BLOCK;
                            backwardColumns(g, s, o, (u / blocks) * n * inner, n, inner, start,
                                    Math.min(inner, start + COLUMN_BLOCK));
                        }
                    });
        }
        return dx;
    }

    private static void softmaxRow(float[] x, float[] y, int offset, int n) {
        int end = offset + n;
        int bound = offset + Vectors.loopBound(n);
        FloatVector vmax = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        int i = offset;
        for (; i < bound; i += L) {
            vmax = vmax.max(FloatVector.fromArray(F, x, i));
        }
        float max = vmax.reduceLanes(VectorOperators.MAX);
        for (; i < end; i++) {
            max = Math.max(max, x[i]);
        }
        FloatVector shift = FloatVector.broadcast(F, max);
        FloatVector vsum = FloatVector.zero(F);
        for (i = offset; i < bound; i += L) {
            FloatVector e = VectorExp.exp(FloatVector.fromArray(F, x, i).sub(shift));
            e.intoArray(y, i);
            vsum = vsum.add(e);
        }
        float sum = Vectors.sumLanes(vsum);
        for (; i < end; i++) {
            y[i] = VectorExp.exp(x[i] - max);
            sum += y[i];
        }
        float inverse = 1f / sum;
        FloatVector scale = FloatVector.broadcast(F, inverse);
        for (i = offset; i < bound; i += L) {
            FloatVector.fromArray(F, y, i).mul(scale).intoArray(y, i);
        }
        for (; i < end; i++) {
            y[i] *= inverse;
        }
    }

    /** Softmax along a strided axis for inner positions [from, to) of one outer slice at base. */
    private static void softmaxColumns(float[] x, float[] y, int base, int n, int inner, int from, int to) {
        int j = from;
        for (int bound = from + Vectors.loopBound(to - from); j < bound; j += L) {
            FloatVector max = FloatVector.fromArray(F, x, base + j);
            for (int k = 1; k < n; k++) {
                max = max.max(FloatVector.fromArray(F, x, base + k * inner + j));
            }
            FloatVector sum = FloatVector.zero(F);
            for (int k = 0; k < n; k++) {
                int at = base + k * inner + j;
                FloatVector e = VectorExp.exp(FloatVector.fromArray(F, x, at).sub(max));
                e.intoArray(y, at);
                sum = sum.add(e);
            }
            FloatVector scale = FloatVector.broadcast(F, 1f).div(sum);
            for (int k = 0; k < n; k++) {
                int at = base + k * inner + j;
                FloatVector.fromArray(F, y, at).mul(scale).intoArray(y, at);
            }
        }
        for (; j < to; j++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < n; k++) {
                max = Math.max(max, x[base + k * inner + j]);
            }
            float sum = 0f;
            for (int k = 0; k < n; k++) {
                int at = base + k * inner + j;
                y[at] = VectorExp.exp(x[at] - max);
                sum += y[at];
            }
            float scale = 1f / sum;
            for (int k = 0; k < n; k++) {
                y[base + k * inner + j] *= scale;
            }
        }
    }

    private static void backwardRow(float[] dy, float[] y, float[] dx, int offset, int n) {
        float dot = (float) Sums.dot(dy, offset, y, offset, n);
        FloatVector vdot = FloatVector.broadcast(F, dot);
        int end = offset + n;
        int i = offset;
        for (int bound = offset + Vectors.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, dy, i).sub(vdot).mul(FloatVector.fromArray(F, y, i)).intoArray(dx, i);
        }
        for (; i < end; i++) {
            dx[i] = y[i] * (dy[i] - dot);
        }
    }

    private static void backwardColumns(float[] dy, float[] y, float[] dx, int base, int n, int inner,
                                        int from, int to) {
        int j = from;
        for (int bound = from + Vectors.loopBound(to - from); j < bound; j += L) {
            FloatVector dot = FloatVector.zero(F);
            for (int k = 0; k < n; k++) {
                int at = base + k * inner + j;
                dot = FloatVector.fromArray(F, dy, at).fma(FloatVector.fromArray(F, y, at), dot);
            }
            for (int k = 0; k < n; k++) {
                int at = base + k * inner + j;
                FloatVector.fromArray(F, dy, at).sub(dot).mul(FloatVector.fromArray(F, y, at)).intoArray(dx, at);
            }
        }
        for (; j < to; j++) {
            float dot = 0f;
            for (int k = 0; k < n; k++) {
                int at = base + k * inner + j;
                dot += dy[at] * y[at];
            }
            for (int k = 0; k < n; k++) {
                int at = base + k * inner + j;
                dx[at] = y[at] * (dy[at] - dot);
            }
        }
    }
}
