package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Micro-kernels of {@link ChannelsLastWeightGradient}: for one kernel tap, a block of input
 * channels by two vectors of output channels of the weight gradient, summed over the images of a
 * tile and the output positions that tap reaches ({@link TapPositions}). The output gradient is
 * loaded as vectors from channels-last rows, the input broadcast from channels-last rows.
 *
 * <p>dw[at + j ldw + v] (+)= sum over images i, pairs t of
 * x[i xStride + pairs[2 t + 1] + ci0 + j] * dy[dyAt + i dyStride + pairs[2 t] + v], for v below two
 * vectors; the sums run in the same order (images, then positions) in every kernel.
 */
final class ChannelsLastGradKernels {
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();

    private ChannelsLastGradKernels() {}

    /** Twelve input channels: 24 accumulators. */
    static void channels12(int[] pairs, int t0, int t1, int images, float[] x, int xStride, int ci0,
                          float[] dy, int dyAt, int dyStride, boolean accumulate, float[] dw, int at, int ldw) {
        FloatVector c00 = start(accumulate, dw, at + 0 * ldw), c01 = start(accumulate, dw, at + 0 * ldw + L);
        FloatVector c10 = start(accumulate, dw, at + 1 * ldw), c11 = start(accumulate, dw, at + 1 * ldw + L);
        FloatVector c20 = start(accumulate, dw, at + 2 * ldw), c21 = start(accumulate, dw, at + 2 * ldw + L);
        FloatVector c30 = start(accumulate, dw, at + 3 * ldw), c31 = start(accumulate, dw, at + 3 * ldw + L);
        FloatVector c40 = start(accumulate, dw, at + 4 * ldw), c41 = start(accumulate, dw, at + 4 * ldw + L);
        FloatVector c50 = start(accumulate, dw, at + 5 * ldw), c51 = start(accumulate, dw, at + 5 * ldw + L);
        FloatVector c60 = start(accumulate, dw, at + 6 * ldw), c61 = start(accumulate, dw, at + 6 * ldw + L);
        FloatVector c70 = start(accumulate, dw, at + 7 * ldw), c71 = start(accumulate, dw, at + 7 * ldw + L);
        FloatVector c80 = start(accumulate, dw, at + 8 * ldw), c81 = start(accumulate, dw, at + 8 * ldw + L);
        FloatVector c90 = start(accumulate, dw, at + 9 * ldw), c91 = start(accumulate, dw, at + 9 * ldw + L);
        FloatVector c100 = start(accumulate, dw, at + 10 * ldw), c101 = start(accumulate, dw, at + 10 * ldw + L);
        FloatVector c110 = start(accumulate, dw, at + 11 * ldw), c111 = start(accumulate, dw, at + 11 * ldw + L);
        for (int i = 0; i < images; i++) {
            int xBase = i * xStride + ci0;
            int dyBase = dyAt + i * dyStride;
            for (int t = t0; t < t1; t++) {
                int gi = dyBase + pairs[2 * t];
                int xi = xBase + pairs[2 * t + 1];
                FloatVector g0 = FloatVector.fromArray(S, dy, gi);
                FloatVector g1 = FloatVector.fromArray(S, dy, gi + L);
                FloatVector a0 = FloatVector.broadcast(S, x[xi + 0]);
                c00 = a0.fma(g0, c00); c01 = a0.fma(g1, c01);
                FloatVector a1 = FloatVector.broadcast(S, x[xi + 1]);
                c10 = a1.fma(g0, c10); c11 = a1.fma(g1, c11);
                FloatVector a2 = FloatVector.broadcast(S, x[xi + 2]);
                c20 = a2.fma(g0, c20); c21 = a2.fma(g1, c21);
                FloatVector a3 = FloatVector.broadcast(S, x[xi + 3]);
                c30 = a3.fma(g0, c30); c31 = a3.fma(g1, c31);
                FloatVector a4 = FloatVector.broadcast(S, x[xi + 4]);
                c40 = a4.fma(g0, c40); c41 = a4.fma(g1, c41);
                FloatVector a5 = FloatVector.broadcast(S, x[xi + 5]);
                c50 = a5.fma(g0, c50); c51 = a5.fma(g1, c51);
                FloatVector a6 = FloatVector.broadcast(S, x[xi + 6]);
                c60 = a6.fma(g0, c60); c61 = a6.fma(g1, c61);
                FloatVector a7 = FloatVector.broadcast(S, x[xi + 7]);
                c70 = a7.fma(g0, c70); c71 = a7.fma(g1, c71);
                FloatVector a8 = FloatVector.broadcast(S, x[xi + 8]);
                c80 = a8.fma(g0, c80); c81 = a8.fma(g1, c81);
                FloatVector a9 = FloatVector.broadcast(S, x[xi + 9]);
                c90 = a9.fma(g0, c90); c91 = a9.fma(g1, c91);
                FloatVector a10 = FloatVector.broadcast(S, x[xi + 10]);
                c100 = a10.fma(g0, c100); c101 = a10.fma(g1, c101);
                FloatVector a11 = FloatVector.broadcast(S, x[xi + 11]);
                c110 = a11.fma(g0, c110); c111 = a11.fma(g1, c111);
            }
        }
        c00.intoArray(dw, at + 0 * ldw);
        c01.intoArray(dw, at + 0 * ldw + L);
        c10.intoArray(dw, at + 1 * ldw);
        c11.intoArray(dw, at + 1 * ldw + L);
        c20.intoArray(dw, at + 2 * ldw);
        c21.intoArray(dw, at + 2 * ldw + L);
        c30.intoArray(dw, at + 3 * ldw);
        c31.intoArray(dw, at + 3 * ldw + L);
        c40.intoArray(dw, at + 4 * ldw);
        c41.intoArray(dw, at + 4 * ldw + L);
        c50.intoArray(dw, at + 5 * ldw);
        c51.intoArray(dw, at + 5 * ldw + L);
        c60.intoArray(dw, at + 6 * ldw);
        c61.intoArray(dw, at + 6 * ldw + L);
        c70.intoArray(dw, at + 7 * ldw);
        c71.intoArray(dw, at + 7 * ldw + L);
        c80.intoArray(dw, at + 8 * ldw);
        c81.intoArray(dw, at + 8 * ldw + L);
        c90.intoArray(dw, at + 9 * ldw);
        c91.intoArray(dw, at + 9 * ldw + L);
        c100.intoArray(dw, at + 10 * ldw);
        c101.intoArray(dw, at + 10 * ldw + L);
        c110.intoArray(dw, at + 11 * ldw);
        c111.intoArray(dw, at + 11 * ldw + L);
    }

    /** Eight input channels: 16 accumulators. */
    static void channels8(int[] pairs, int t0, int t1, int images, float[] x, int xStride, int ci0,
                          float[] dy, int dyAt, int dyStride, boolean accumulate, float[] dw, int at, int ldw) {
        FloatVector c00 = start(accumulate, dw, at + 0 * ldw), c01 = start(accumulate, dw, at + 0 * ldw + L);
        FloatVector c10 = start(accumulate, dw, at + 1 * ldw), c11 = start(accumulate, dw, at + 1 * ldw + L);
        FloatVector c20 = start(accumulate, dw, at + 2 * ldw), c21 = start(accumulate, dw, at + 2 * ldw + L);
        FloatVector c30 = start(accumulate, dw, at + 3 * ldw), c31 = start(accumulate, dw, at + 3 * ldw + L);
        FloatVector c40 = start(accumulate, dw, at + 4 * ldw), c41 = start(accumulate, dw, at + 4 * ldw + L);
        FloatVector c50 = start(accumulate, dw, at + 5 * ldw), c51 = start(accumulate, dw, at + 5 * ldw + L);
        FloatVector c60 = start(accumulate, dw, at + 6 * ldw), c61 = start(accumulate, dw, at + 6 * ldw + L);
        FloatVector c70 = start(accumulate, dw, at + 7 * ldw), c71 = start(accumulate, dw, at + 7 * ldw + L);
        for (int i = 0; i < images; i++) {
            int xBase = i * xStride + ci0;
            int dyBase = dyAt + i * dyStride;
            for (int t = t0; t < t1; t++) {
                int gi = dyBase + pairs[2 * t];
                int xi = xBase + pairs[2 * t + 1];
                FloatVector g0 = FloatVector.fromArray(S, dy, gi);
                FloatVector g1 = FloatVector.fromArray(S, dy, gi + L);
                FloatVector a0 = FloatVector.broadcast(S, x[xi + 0]);
                c00 = a0.fma(g0, c00); c01 = a0.fma(g1, c01);
                FloatVector a1 = FloatVector.broadcast(S, x[xi + 1]);
                c10 = a1.fma(g0, c10); c11 = a1.fma(g1, c11);
                FloatVector a2 = FloatVector.broadcast(S, x[xi + 2]);
                c20 = a2.fma(g0, c20); c21 = a2.fma(g1, c21);
                FloatVector a3 = FloatVector.broadcast(S, x[xi + 3]);
                c30 = a3.fma(g0, c30); c31 = a3.fma(g1, c31);
                FloatVector a4 = FloatVector.broadcast(S, x[xi + 4]);
                c40 = a4.fma(g0, c40); c41 = a4.fma(g1, c41);
                FloatVector a5 = FloatVector.broadcast(S, x[xi + 5]);
                c50 = a5.fma(g0, c50); c51 = a5.fma(g1, c51);
                FloatVector a6 = FloatVector.broadcast(S, x[xi + 6]);
                c60 = a6.fma(g0, c60); c61 = a6.fma(g1, c61);
                FloatVector a7 = FloatVector.broadcast(S, x[xi + 7]);
                c70 = a7.fma(g0, c70); c71 = a7.fma(g1, c71);
            }
        }
        c00.intoArray(dw, at + 0 * ldw);
        c01.intoArray(dw, at + 0 * ldw + L);
        c10.intoArray(dw, at + 1 * ldw);
        c11.intoArray(dw, at + 1 * ldw + L);
        c20.intoArray(dw, at + 2 * ldw);
        c21.intoArray(dw, at + 2 * ldw + L);
        c30.intoArray(dw, at + 3 * ldw);
        c31.intoArray(dw, at + 3 * ldw + L);
        c40.intoArray(dw, at + 4 * ldw);
        c41.intoArray(dw, at + 4 * ldw + L);
        c50.intoArray(dw, at + 5 * ldw);
        c51.intoArray(dw, at + 5 * ldw + L);
        c60.intoArray(dw, at + 6 * ldw);
        c61.intoArray(dw, at + 6 * ldw + L);
        c70.intoArray(dw, at + 7 * ldw);
        c71.intoArray(dw, at + 7 * ldw + L);
    }

    /** Four input channels: 8 accumulators. */
    static void channels4(int[] pairs, int t0, int t1, int images, float[] x, int xStride, int ci0,
                          float[] dy, int dyAt, int dyStride, boolean accumulate, float[] dw, int at, int ldw) {
        FloatVector c00 = start(accumulate, dw, at + 0 * ldw), c01 = start(accumulate, dw, at + 0 * ldw + L);
        FloatVector c10 = start(accumulate, dw, at + 1 * ldw), c11 = start(accumulate, dw, at + 1 * ldw + L);
        FloatVector c20 = start(accumulate, dw, at + 2 * ldw), c21 = start(accumulate, dw, at + 2 * ldw + L);
        FloatVector c30 = start(accumulate, dw, at + 3 * ldw), c31 = start(accumulate, dw, at + 3 * ldw + L);
        for (int i = 0; i < images; i++) {
            int xBase = i * xStride + ci0;
            int dyBase = dyAt + i * dyStride;
            for (int t = t0; t < t1; t++) {
                int gi = dyBase + pairs[2 * t];
                int xi = xBase + pairs[2 * t + 1];
                FloatVector g0 = FloatVector.fromArray(S, dy, gi);
                FloatVector g1 = FloatVector.fromArray(S, dy, gi + L);
                FloatVector a0 = FloatVector.broadcast(S, x[xi + 0]);
                c00 = a0.fma(g0, c00); c01 = a0.fma(g1, c01);
                FloatVector a1 = FloatVector.broadcast(S, x[xi + 1]);
                c10 = a1.fma(g0, c10); c11 = a1.fma(g1, c11);
                FloatVector a2 = FloatVector.broadcast(S, x[xi + 2]);
                c20 = a2.fma(g0, c20); c21 = a2.fma(g1, c21);
                FloatVector a3 = FloatVector.broadcast(S, x[xi + 3]);
                c30 = a3.fma(g0, c30); c31 = a3.fma(g1, c31);
            }
        }
        c00.intoArray(dw, at + 0 * ldw);
        c01.intoArray(dw, at + 0 * ldw + L);
        c10.intoArray(dw, at + 1 * ldw);
        c11.intoArray(dw, at + 1 * ldw + L);
        c20.intoArray(dw, at + 2 * ldw);
        c21.intoArray(dw, at + 2 * ldw + L);
        c30.intoArray(dw, at + 3 * ldw);
        c31.intoArray(dw, at + 3 * ldw + L);
    }

    /** One input channel: 2 accumulators. */
    static void channel1(int[] pairs, int t0, int t1, int images, float[] x, int xStride, int ci0,
                         float[] dy, int dyAt, int dyStride, boolean accumulate, float[] dw, int at) {
        FloatVector c00 = start(accumulate, dw, at), c01 = start(accumulate, dw, at + L);
        for (int i = 0; i < images; i++) {
            int xBase = i * xStride + ci0;
            int dyBase = dyAt + i * dyStride;
            for (int t = t0; t < t1; t++) {
                int gi = dyBase + pairs[2 * t];
                FloatVector a0 = FloatVector.broadcast(S, x[xBase + pairs[2 * t + 1]]);
                c00 = a0.fma(FloatVector.fromArray(S, dy, gi), c00);
                c01 = a0.fma(FloatVector.fromArray(S, dy, gi + L), c01);
            }
        }
        c00.intoArray(dw, at);
        c01.intoArray(dw, at + L);
    }

    private static FloatVector start(boolean accumulate, float[] dw, int at) {
        return accumulate ? FloatVector.fromArray(S, dw, at) : FloatVector.zero(S);
    }
}
