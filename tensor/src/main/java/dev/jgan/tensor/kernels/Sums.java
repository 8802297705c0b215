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

    /** sum of (a[i] - shift)^2 over [from, to). */
    static double sumSquaresShifted(float[] a, float shift, int from, int to) {
        FloatVector s = FloatVector.broadcast(F, shift);
        double total = 0;
        for (int start = from; start < to; start += BLOCK) {
            int end = Math.min(to, start + BLOCK);
            int i = start;
            FloatVector acc = FloatVector.zero(F);
            for (int bound = start + Vectors.loopBound(end - start); i < bound; i += F.length()) {
                FloatVector d = FloatVector.fromArray(F, a, i).sub(s);
                acc = d.fma(d, acc);
            }
            float tail = 0f;
            for (; i < end; i++) {
                float d = a[i] - shift;
                tail += d * d;
            }
            total += (double) Vectors.sumLanes(acc) + tail;
        }
        return total;
    }

    /** sum of dy[i] * (x[i] - shift) over [from, to) (both arrays indexed alike). */
    static double dotShifted(float[] dy, float[] x, float shift, int from, int to) {
        FloatVector s = FloatVector.broadcast(F, shift);
        double total = 0;
        for (int start = from; start < to; start += BLOCK) {
            int end = Math.min(to, start + BLOCK);
            int i = start;
            FloatVector acc = FloatVector.zero(F);
            for (int bound = start + Vectors.loopBound(end - start); i < bound; i += F.length()) {
                FloatVector d = FloatVector.fromArray(F, x, i).sub(s);
                acc = d.fma(FloatVector.fromArray(F, dy, i), acc);
            }
            float tail = 0f;
            for (; i < end; i++) {
                tail += dy[i] * (x[i] - shift);
            }
            total += (double) Vectors.sumLanes(acc) + tail;
        }
        return total;
    }
}
