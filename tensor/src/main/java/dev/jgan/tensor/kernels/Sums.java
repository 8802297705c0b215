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

    /** out[at] += the sum of (a - shift), out[at + 1] += the sum of (a - shift)^2, over a[from, from + length). */
    static void sumAndSquaresShifted(float[] a, float shift, int from, int length, double[] out, int at) {
        FloatVector s = FloatVector.broadcast(F, shift);
        double total = 0;
        double totalSquares = 0;
        for (int start = from; start < from + length; start += BLOCK) {
            int end = Math.min(from + length, start + BLOCK);
            FloatVector acc = FloatVector.zero(F);
            FloatVector accSquares = FloatVector.zero(F);
            int i = start;
            for (int bound = start + Vectors.loopBound(end - start); i < bound; i += F.length()) {
                FloatVector d = FloatVector.fromArray(F, a, i).sub(s);
                acc = acc.add(d);
                accSquares = d.fma(d, accSquares);
            }
            float tail = 0f;
            float tailSquares = 0f;
            for (; i < end; i++) {
                float d = a[i] - shift;
                tail += d;
                tailSquares += d * d;
            }
            total += (double) Vectors.sumLanes(acc) + tail;
            totalSquares += (double) Vectors.sumLanes(accSquares) + tailSquares;
        }
        out[at] += total;
        out[at + 1] += totalSquares;
    }

    /**
     * Over [from, from + length) of dy and x: out[at] += the sum of g, out[at + 1] += the sum of
     * g (x - shift), with g = dy, or, when there is an activation, its gradient from dy at
     * z = fma(x - shift, scale, offset) (the value a batch norm with that scale and offset fed it).
     */
    static void sumAndDotShifted(float[] dy, Rectifier activation, float scale, float offset, float[] x, float shift,
                                 int from, int length, double[] out, int at) {
        FloatVector s = FloatVector.broadcast(F, shift);
        FloatVector k = FloatVector.broadcast(F, scale);
        FloatVector t = FloatVector.broadcast(F, offset);
        double total = 0;
        double totalDot = 0;
        for (int start = from; start < from + length; start += BLOCK) {
            int end = Math.min(from + length, start + BLOCK);
            FloatVector acc = FloatVector.zero(F);
            FloatVector accDot = FloatVector.zero(F);
            int i = start;
            for (int bound = start + Vectors.loopBound(end - start); i < bound; i += F.length()) {
                FloatVector d = FloatVector.fromArray(F, x, i).sub(s);
                FloatVector g = FloatVector.fromArray(F, dy, i);
                if (activation != null) {
                    g = activation.gradient(g, d.fma(k, t));
                }
                acc = acc.add(g);
                accDot = d.fma(g, accDot);
            }
            float tail = 0f;
            float tailDot = 0f;
            for (; i < end; i++) {
                float d = x[i] - shift;
                float g = activation == null ? dy[i] : activation.gradient(dy[i], Math.fma(d, scale, offset));
                tail += g;
                tailDot += g * d;
            }
            total += (double) Vectors.sumLanes(acc) + tail;
            totalDot += (double) Vectors.sumLanes(accDot) + tailDot;
        }
        out[at] += total;
        out[at + 1] += totalDot;
    }
}
