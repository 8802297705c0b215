package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Accurate sums over contiguous ranges: float vector partial sums over short blocks, added
 * up in float64. The result depends only on the range and the vector width, never on
 * which thread computes it.
 */
final class Sums {
    private static final VectorSpecies<Float> F = Vectors.FLOAT;
    /** Elements per float block before its partial sum is flushed into float64. */
    private static final int BLOCK = Vectors.LANES * 32;

    private Sums() {}

    /** sum of a[from..to). */
    static double sum(float[] a, int from, int to) {
        double total = 0;
        for (int start = from; start < to; start += BLOCK) {
            int end = Math.min(to, start + BLOCK);
            int i = start;
            FloatVector acc = FloatVector.zero(F);
            for (int bound = start + Vectors.loopBound(end - start); i < bound; i += F.length()) {
                acc = acc.add(FloatVector.fromArray(F, a, i));
            }
            float tail = 0f;
            for (; i < end; i++) {
                tail += a[i];
            }
            total += (double) Vectors.sumLanes(acc) + tail;
        }
        return total;
    }

    /** sum of a[aFrom + i] * b[bFrom + i] for i in [0, n). */
    static double dot(float[] a, int aFrom, float[] b, int bFrom, int n) {
        double total = 0;
        for (int start = 0; start < n; start += BLOCK) {
            int end = Math.min(n, start + BLOCK);
            int i = start;
            FloatVector acc = FloatVector.zero(F);
            for (int bound = start + Vectors.loopBound(end - start); i < bound; i += F.length()) {
                acc = FloatVector.fromArray(F, a, aFrom + i).fma(FloatVector.fromArray(F, b, bFrom + i), acc);
            }
            float tail = 0f;
            for (; i < end; i++) {
                tail += a[aFrom + i] * b[bFrom + i];
            }
            total += (double) Vectors.sumLanes(acc) + tail;
        }
        return total;
    }

    /** Whether a[from, from + n) holds no NaN or infinity: v * 0 is 0 for finite v and NaN otherwise. */
    static boolean allFinite(float[] a, int from, int n) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector acc = zero;
        int i = 0;
        for (int bound = Vectors.loopBound(n); i < bound; i += F.length()) {
            acc = FloatVector.fromArray(F, a, from + i).fma(zero, acc);
        }
        float tail = 0f;
        for (; i < n; i++) {
            tail += a[from + i] * 0f;
        }
        return !Float.isNaN(Vectors.sumLanes(acc) + tail);
    }

    /**
     * The sum over {@code count} runs of {@code length} values, run n starting at {@code from + n stride}
     * (one channel's planes in an NCHW tensor): like {@link #sum} over their concatenation, with
     * float vector partial sums flushed into float64 after about BLOCK values rather than after
     * every run, so short planes (7x7, 14x14) do not each pay a horizontal reduction.
     */
    static double runsSum(float[] a, int from, int length, int count, int stride) {
        double total = 0;
        FloatVector acc = FloatVector.zero(F);
        float tail = 0f;
        int pending = 0;
        for (int n = 0; n < count; n++) {
            int run = from + n * stride;
            for (int start = 0; start < length; start += BLOCK) {
                int end = Math.min(length, start + BLOCK);
                int i = start;
                for (int bound = start + Vectors.loopBound(end - start); i < bound; i += F.length()) {
                    acc = acc.add(FloatVector.fromArray(F, a, run + i));
                }
                for (; i < end; i++) {
                    tail += a[run + i];
                }
                pending += end - start;
                if (pending >= BLOCK) {
                    total += (double) Vectors.sumLanes(acc) + tail;
                    acc = FloatVector.zero(F);
                    tail = 0f;
                    pending = 0;
                }
            }
        }
        return total + (double) Vectors.sumLanes(acc) + tail;
    }

    /**
     * Over the same runs as {@link #runsSum}, in one pass: out[at] = the sum of (a - shift), out[at + 1] =
     * the sum of (a - shift)^2.
     */
    static void runsSumAndSquaresShifted(float[] a, float shift, int from, int length, int count, int stride,
                                         double[] out, int at) {
        FloatVector s = FloatVector.broadcast(F, shift);
        double total = 0;
        double totalSquares = 0;
        FloatVector acc = FloatVector.zero(F);
        FloatVector accSquares = FloatVector.zero(F);
        float tail = 0f;
        float tailSquares = 0f;
        int pending = 0;
        for (int n = 0; n < count; n++) {
            int run = from + n * stride;
            for (int start = 0; start < length; start += BLOCK) {
                int end = Math.min(length, start + BLOCK);
                int i = start;
                for (int bound = start + Vectors.loopBound(end - start); i < bound; i += F.length()) {
                    FloatVector d = FloatVector.fromArray(F, a, run + i).sub(s);
                    acc = acc.add(d);
                    accSquares = d.fma(d, accSquares);
                }
                for (; i < end; i++) {
                    float d = a[run + i] - shift;
                    tail += d;
                    tailSquares += d * d;
                }
                pending += end - start;
                if (pending >= BLOCK) {
                    total += (double) Vectors.sumLanes(acc) + tail;
                    totalSquares += (double) Vectors.sumLanes(accSquares) + tailSquares;
                    acc = FloatVector.zero(F);
                    accSquares = FloatVector.zero(F);
                    tail = 0f;
                    tailSquares = 0f;
                    pending = 0;
                }
            }
        }
        out[at] = total + (double) Vectors.sumLanes(acc) + tail;
        out[at + 1] = totalSquares + (double) Vectors.sumLanes(accSquares) + tailSquares;
    }

    /**
     * Over the same runs as {@link #runsSum}, in one pass: out[at] = the sum of g, out[at + 1] = the
     * sum of g (x - shift), with g = dy, or, when there is an activation, its gradient from dy at
     * z = fma(x - shift, scale, offset) (the value a batch norm with that scale and offset fed it);
     * x indexed like dy.
     */
    static void runsSumAndDotShifted(float[] dy, Rectifier activation, float scale, float offset, float[] x,
                                     float shift, int from, int length, int count, int stride, double[] out, int at) {
        FloatVector s = FloatVector.broadcast(F, shift);
        FloatVector k = FloatVector.broadcast(F, scale);
        FloatVector t = FloatVector.broadcast(F, offset);
        double total = 0;
        double totalDot = 0;
        FloatVector acc = FloatVector.zero(F);
        FloatVector accDot = FloatVector.zero(F);
        float tail = 0f;
        float tailDot = 0f;
        int pending = 0;
        for (int n = 0; n < count; n++) {
            int run = from + n * stride;
            for (int start = 0; start < length; start += BLOCK) {
                int end = Math.min(length, start + BLOCK);
                int i = start;
                for (int bound = start + Vectors.loopBound(end - start); i < bound; i += F.length()) {
                    FloatVector d = FloatVector.fromArray(F, x, run + i).sub(s);
                    FloatVector g = FloatVector.fromArray(F, dy, run + i);
                    if (activation != null) {
                        g = activation.gradient(g, d.fma(k, t));
                    }
                    acc = acc.add(g);
                    accDot = d.fma(g, accDot);
                }
                for (; i < end; i++) {
                    float d = x[run + i] - shift;
                    float g = activation == null ? dy[run + i]
                            : activation.gradient(dy[run + i], Math.fma(d, scale, offset));
                    tail += g;
                    tailDot += g * d;
                }
                pending += end - start;
                if (pending >= BLOCK) {
                    total += (double) Vectors.sumLanes(acc) + tail;
                    totalDot += (double) Vectors.sumLanes(accDot) + tailDot;
                    acc = FloatVector.zero(F);
                    accDot = FloatVector.zero(F);
                    tail = 0f;
                    tailDot = 0f;
                    pending = 0;
                }
            }
        }
        out[at] = total + (double) Vectors.sumLanes(acc) + tail;
        out[at + 1] = totalDot + (double) Vectors.sumLanes(accDot) + tailDot;
    }
}
