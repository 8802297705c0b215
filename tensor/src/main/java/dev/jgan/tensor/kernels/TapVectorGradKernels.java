package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernels of {@link TapVectorWeightGradient}: output channels by one vector of kernel taps,
 * over the output positions of one image. For channel c and the taps of the vector, lane by lane:
 * <pre>
 * sums[at + c ld + lane] += sum over o of dy[dyAt + c P + o] rows[rowAt + o patch + lane]
 * </pre>
 * with the products added in o order: dy broadcast, the patch rows loaded as vectors, one FMA per
 * broadcast (which the load ports keep up with: a scratch probe ran this loop at 89 % of the FMA peak).
 */
final class TapVectorGradKernels {
    /** Output channels of the wide kernel: 16 accumulators. */
    static final int CHANNELS = 16;
    private static final VectorSpecies<Float> S = Vectors.FLOAT;

    private TapVectorGradKernels() {}

    /** Channels [c, c + 16) of the sums. */
    static void channels16(float[] dy, int dyAt, int plane, float[] rows, int rowAt, int patch, float[] sums,
                           int at, int ld) {
        FloatVector a0 = FloatVector.fromArray(S, sums, at);
        FloatVector a1 = FloatVector.fromArray(S, sums, at + ld);
        FloatVector a2 = FloatVector.fromArray(S, sums, at + 2 * ld);
        FloatVector a3 = FloatVector.fromArray(S, sums, at + 3 * ld);
        FloatVector a4 = FloatVector.fromArray(S, sums, at + 4 * ld);
        FloatVector a5 = FloatVector.fromArray(S, sums, at + 5 * ld);
        FloatVector a6 = FloatVector.fromArray(S, sums, at + 6 * ld);
        FloatVector a7 = FloatVector.fromArray(S, sums, at + 7 * ld);
        FloatVector a8 = FloatVector.fromArray(S, sums, at + 8 * ld);
        FloatVector a9 = FloatVector.fromArray(S, sums, at + 9 * ld);
        FloatVector a10 = FloatVector.fromArray(S, sums, at + 10 * ld);
        FloatVector a11 = FloatVector.fromArray(S, sums, at + 11 * ld);
        FloatVector a12 = FloatVector.fromArray(S, sums, at + 12 * ld);
        FloatVector a13 = FloatVector.fromArray(S, sums, at + 13 * ld);
        FloatVector a14 = FloatVector.fromArray(S, sums, at + 14 * ld);
        FloatVector a15 = FloatVector.fromArray(S, sums, at + 15 * ld);
        for (int o = 0; o < plane; o++) {
            FloatVector r = FloatVector.fromArray(S, rows, rowAt + o * patch);
            int d = dyAt + o;
            a0 = FloatVector.broadcast(S, dy[d]).fma(r, a0);
            a1 = FloatVector.broadcast(S, dy[d + plane]).fma(r, a1);
            a2 = FloatVector.broadcast(S, dy[d + 2 * plane]).fma(r, a2);
            a3 = FloatVector.broadcast(S, dy[d + 3 * plane]).fma(r, a3);
            a4 = FloatVector.broadcast(S, dy[d + 4 * plane]).fma(r, a4);
            a5 = FloatVector.broadcast(S, dy[d + 5 * plane]).fma(r, a5);
            a6 = FloatVector.broadcast(S, dy[d + 6 * plane]).fma(r, a6);
            a7 = FloatVector.broadcast(S, dy[d + 7 * plane]).fma(r, a7);
            a8 = FloatVector.broadcast(S, dy[d + 8 * plane]).fma(r, a8);
            a9 = FloatVector.broadcast(S, dy[d + 9 * plane]).fma(r, a9);
            a10 = FloatVector.broadcast(S, dy[d + 10 * plane]).fma(r, a10);
            a11 = FloatVector.broadcast(S, dy[d + 11 * plane]).fma(r, a11);
            a12 = FloatVector.broadcast(S, dy[d + 12 * plane]).fma(r, a12);
            a13 = FloatVector.broadcast(S, dy[d + 13 * plane]).fma(r, a13);
            a14 = FloatVector.broadcast(S, dy[d + 14 * plane]).fma(r, a14);
            a15 = FloatVector.broadcast(S, dy[d + 15 * plane]).fma(r, a15);
        }
        a0.intoArray(sums, at);
        a1.intoArray(sums, at + ld);
        a2.intoArray(sums, at + 2 * ld);
        a3.intoArray(sums, at + 3 * ld);
        a4.intoArray(sums, at + 4 * ld);
        a5.intoArray(sums, at + 5 * ld);
        a6.intoArray(sums, at + 6 * ld);
        a7.intoArray(sums, at + 7 * ld);
        a8.intoArray(sums, at + 8 * ld);
        a9.intoArray(sums, at + 9 * ld);
        a10.intoArray(sums, at + 10 * ld);
        a11.intoArray(sums, at + 11 * ld);
        a12.intoArray(sums, at + 12 * ld);
        a13.intoArray(sums, at + 13 * ld);
        a14.intoArray(sums, at + 14 * ld);
        a15.intoArray(sums, at + 15 * ld);
    }

    /** One channel of the sums: for the channels past the last block of 16. */
    static void channel1(float[] dy, int dyAt, int plane, float[] rows, int rowAt, int patch, float[] sums, int at) {
        FloatVector a = FloatVector.fromArray(S, sums, at);
        for (int o = 0; o < plane; o++) {
            a = FloatVector.broadcast(S, dy[dyAt + o]).fma(FloatVector.fromArray(S, rows, rowAt + o * patch), a);
        }
        a.intoArray(sums, at);
    }
}
