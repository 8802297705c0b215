package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernels of {@link TapVectorWeightGradient}: output channels by one or three vectors of
 * kernel taps, over the output positions of one image. For channel c and tap lane j of the kernel's
 * vectors:
 * <pre>
 * sums[at + c ld + j] += sum over o of dy[dyAt + c P + o] rows[rowAt + o patch + j]
 * </pre>
 * with the products added in o order: dy broadcast, the patch rows loaded as vectors, one broadcast
 * per FMA or fewer (which the load ports keep up with: a scratch probe ran that loop at 89 % of the
 * FMA peak). The same sum in the same order whichever kernel computes a channel.
 */
final class TapVectorGradKernels {
    /** Output channels of the one-vector kernel: 16 accumulators. */
    static final int CHANNELS = 16;
    /** Output channels of the three-vector kernel: 24 accumulators. */
    static final int CHANNELS_TAPS3 = 8;
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();

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

    /**
     * Channels [c, c + 8) by three tap vectors (a patch of 48: an RGB 4x4 window): 24 accumulators,
     * 3 row loads and 8 broadcasts per 24 FMAs, so each output-gradient value is broadcast once for
     * all three vectors.
     */
    static void channels8Taps3(float[] dy, int dyAt, int plane, float[] rows, int rowAt, int patch, float[] sums,
                               int at, int ld) {
        FloatVector a00 = FloatVector.fromArray(S, sums, at);
        FloatVector a01 = FloatVector.fromArray(S, sums, at + L);
        FloatVector a02 = FloatVector.fromArray(S, sums, at + 2 * L);
        FloatVector a10 = FloatVector.fromArray(S, sums, at + ld);
        FloatVector a11 = FloatVector.fromArray(S, sums, at + ld + L);
        FloatVector a12 = FloatVector.fromArray(S, sums, at + ld + 2 * L);
        FloatVector a20 = FloatVector.fromArray(S, sums, at + 2 * ld);
        FloatVector a21 = FloatVector.fromArray(S, sums, at + 2 * ld + L);
        FloatVector a22 = FloatVector.fromArray(S, sums, at + 2 * ld + 2 * L);
        FloatVector a30 = FloatVector.fromArray(S, sums, at + 3 * ld);
        FloatVector a31 = FloatVector.fromArray(S, sums, at + 3 * ld + L);
        FloatVector a32 = FloatVector.fromArray(S, sums, at + 3 * ld + 2 * L);
        FloatVector a40 = FloatVector.fromArray(S, sums, at + 4 * ld);
        FloatVector a41 = FloatVector.fromArray(S, sums, at + 4 * ld + L);
        FloatVector a42 = FloatVector.fromArray(S, sums, at + 4 * ld + 2 * L);
        FloatVector a50 = FloatVector.fromArray(S, sums, at + 5 * ld);
        FloatVector a51 = FloatVector.fromArray(S, sums, at + 5 * ld + L);
        FloatVector a52 = FloatVector.fromArray(S, sums, at + 5 * ld + 2 * L);
        FloatVector a60 = FloatVector.fromArray(S, sums, at + 6 * ld);
        FloatVector a61 = FloatVector.fromArray(S, sums, at + 6 * ld + L);
        FloatVector a62 = FloatVector.fromArray(S, sums, at + 6 * ld + 2 * L);
        FloatVector a70 = FloatVector.fromArray(S, sums, at + 7 * ld);
        FloatVector a71 = FloatVector.fromArray(S, sums, at + 7 * ld + L);
        FloatVector a72 = FloatVector.fromArray(S, sums, at + 7 * ld + 2 * L);
        for (int o = 0; o < plane; o++) {
            int r = rowAt + o * patch;
            FloatVector r0 = FloatVector.fromArray(S, rows, r);
            FloatVector r1 = FloatVector.fromArray(S, rows, r + L);
            FloatVector r2 = FloatVector.fromArray(S, rows, r + 2 * L);
            int d = dyAt + o;
            FloatVector b;
            b = FloatVector.broadcast(S, dy[d]);
            a00 = b.fma(r0, a00); a01 = b.fma(r1, a01); a02 = b.fma(r2, a02);
            b = FloatVector.broadcast(S, dy[d + plane]);
            a10 = b.fma(r0, a10); a11 = b.fma(r1, a11); a12 = b.fma(r2, a12);
            b = FloatVector.broadcast(S, dy[d + 2 * plane]);
            a20 = b.fma(r0, a20); a21 = b.fma(r1, a21); a22 = b.fma(r2, a22);
            b = FloatVector.broadcast(S, dy[d + 3 * plane]);
            a30 = b.fma(r0, a30); a31 = b.fma(r1, a31); a32 = b.fma(r2, a32);
            b = FloatVector.broadcast(S, dy[d + 4 * plane]);
            a40 = b.fma(r0, a40); a41 = b.fma(r1, a41); a42 = b.fma(r2, a42);
            b = FloatVector.broadcast(S, dy[d + 5 * plane]);
            a50 = b.fma(r0, a50); a51 = b.fma(r1, a51); a52 = b.fma(r2, a52);
            b = FloatVector.broadcast(S, dy[d + 6 * plane]);
            a60 = b.fma(r0, a60); a61 = b.fma(r1, a61); a62 = b.fma(r2, a62);
            b = FloatVector.broadcast(S, dy[d + 7 * plane]);
            a70 = b.fma(r0, a70); a71 = b.fma(r1, a71); a72 = b.fma(r2, a72);
        }
        a00.intoArray(sums, at);
        a01.intoArray(sums, at + L);
        a02.intoArray(sums, at + 2 * L);
        a10.intoArray(sums, at + ld);
        a11.intoArray(sums, at + ld + L);
        a12.intoArray(sums, at + ld + 2 * L);
        a20.intoArray(sums, at + 2 * ld);
        a21.intoArray(sums, at + 2 * ld + L);
        a22.intoArray(sums, at + 2 * ld + 2 * L);
        a30.intoArray(sums, at + 3 * ld);
        a31.intoArray(sums, at + 3 * ld + L);
        a32.intoArray(sums, at + 3 * ld + 2 * L);
        a40.intoArray(sums, at + 4 * ld);
        a41.intoArray(sums, at + 4 * ld + L);
        a42.intoArray(sums, at + 4 * ld + 2 * L);
        a50.intoArray(sums, at + 5 * ld);
        a51.intoArray(sums, at + 5 * ld + L);
        a52.intoArray(sums, at + 5 * ld + 2 * L);
        a60.intoArray(sums, at + 6 * ld);
        a61.intoArray(sums, at + 6 * ld + L);
        a62.intoArray(sums, at + 6 * ld + 2 * L);
        a70.intoArray(sums, at + 7 * ld);
        a71.intoArray(sums, at + 7 * ld + L);
        a72.intoArray(sums, at + 7 * ld + 2 * L);
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
