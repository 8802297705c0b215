package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Micro-kernels of {@link PatchWeightGradient}: a block of patch rows (input channel, kernel tap) by
 * two vectors of output channels of one image's weight gradient, summed over its output positions.
 * The output gradient is loaded as vectors from channels-last rows; the input is broadcast from a
 * padded channels-last copy of the image, row j of the block reading at its own offset
 * {@code rows[r0 + j]} from the position's window corner. Where {@link ChannelsLastGradKernels} read
 * consecutive channels (one bounds check covers them), each offset here costs its own check; sharing
 * these kernels made the channels-last weight gradient 20-25 % slower.
 *
 * <p>dw[at + j ldw + v] (+)= sum over pairs t of x[pairs[2 t + 1] + rows[r0 + j]] * dy[dyAt + pairs[2 t] + v],
 * for v below two vectors and t below t1, in position order in every kernel.
 */
final class PatchGradKernels {
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();

    private PatchGradKernels() {}

    /** Twelve rows: 24 accumulators. */
    static void rows12(int[] pairs, int t1, float[] x, int[] rows, int r0, float[] dy, int dyAt,
            boolean accumulate, float[] dw, int at, int ldw) {
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
        int o0 = rows[r0 + 0];
        int o1 = rows[r0 + 1];
        int o2 = rows[r0 + 2];
        int o3 = rows[r0 + 3];
        int o4 = rows[r0 + 4];
        int o5 = rows[r0 + 5];
        int o6 = rows[r0 + 6];
        int o7 = rows[r0 + 7];
        int o8 = rows[r0 + 8];
        int o9 = rows[r0 + 9];
        int o10 = rows[r0 + 10];
        int o11 = rows[r0 + 11];
        for (int t = 0; t < t1; t++) {
            int gi = dyAt + pairs[2 * t];
            int xi = pairs[2 * t + 1];
            FloatVector g0 = FloatVector.fromArray(S, dy, gi);
            FloatVector g1 = FloatVector.fromArray(S, dy, gi + L);
            FloatVector a0 = FloatVector.broadcast(S, x[xi + o0]);
            c00 = a0.fma(g0, c00); c01 = a0.fma(g1, c01);
            FloatVector a1 = FloatVector.broadcast(S, x[xi + o1]);
            c10 = a1.fma(g0, c10); c11 = a1.fma(g1, c11);
            FloatVector a2 = FloatVector.broadcast(S, x[xi + o2]);
            c20 = a2.fma(g0, c20); c21 = a2.fma(g1, c21);
            FloatVector a3 = FloatVector.broadcast(S, x[xi + o3]);
            c30 = a3.fma(g0, c30); c31 = a3.fma(g1, c31);
            FloatVector a4 = FloatVector.broadcast(S, x[xi + o4]);
            c40 = a4.fma(g0, c40); c41 = a4.fma(g1, c41);
            FloatVector a5 = FloatVector.broadcast(S, x[xi + o5]);
            c50 = a5.fma(g0, c50); c51 = a5.fma(g1, c51);
            FloatVector a6 = FloatVector.broadcast(S, x[xi + o6]);
            c60 = a6.fma(g0, c60); c61 = a6.fma(g1, c61);
            FloatVector a7 = FloatVector.broadcast(S, x[xi + o7]);
            c70 = a7.fma(g0, c70); c71 = a7.fma(g1, c71);
            FloatVector a8 = FloatVector.broadcast(S, x[xi + o8]);
            c80 = a8.fma(g0, c80); c81 = a8.fma(g1, c81);
            FloatVector a9 = FloatVector.broadcast(S, x[xi + o9]);
            c90 = a9.fma(g0, c90); c91 = a9.fma(g1, c91);
            FloatVector a10 = FloatVector.broadcast(S, x[xi + o10]);
            c100 = a10.fma(g0, c100); c101 = a10.fma(g1, c101);
            FloatVector a11 = FloatVector.broadcast(S, x[xi + o11]);
            c110 = a11.fma(g0, c110); c111 = a11.fma(g1, c111);
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

    /** Four rows: 8 accumulators. */
    static void rows4(int[] pairs, int t1, float[] x, int[] rows, int r0, float[] dy, int dyAt,
            boolean accumulate, float[] dw, int at, int ldw) {
        FloatVector c00 = start(accumulate, dw, at + 0 * ldw), c01 = start(accumulate, dw, at + 0 * ldw + L);
        FloatVector c10 = start(accumulate, dw, at + 1 * ldw), c11 = start(accumulate, dw, at + 1 * ldw + L);
        FloatVector c20 = start(accumulate, dw, at + 2 * ldw), c21 = start(accumulate, dw, at + 2 * ldw + L);
        FloatVector c30 = start(accumulate, dw, at + 3 * ldw), c31 = start(accumulate, dw, at + 3 * ldw + L);
        int o0 = rows[r0 + 0];
        int o1 = rows[r0 + 1];
        int o2 = rows[r0 + 2];
        int o3 = rows[r0 + 3];
        for (int t = 0; t < t1; t++) {
            int gi = dyAt + pairs[2 * t];
            int xi = pairs[2 * t + 1];
            FloatVector g0 = FloatVector.fromArray(S, dy, gi);
            FloatVector g1 = FloatVector.fromArray(S, dy, gi + L);
            FloatVector a0 = FloatVector.broadcast(S, x[xi + o0]);
            c00 = a0.fma(g0, c00); c01 = a0.fma(g1, c01);
            FloatVector a1 = FloatVector.broadcast(S, x[xi + o1]);
            c10 = a1.fma(g0, c10); c11 = a1.fma(g1, c11);
            FloatVector a2 = FloatVector.broadcast(S, x[xi + o2]);
            c20 = a2.fma(g0, c20); c21 = a2.fma(g1, c21);
            FloatVector a3 = FloatVector.broadcast(S, x[xi + o3]);
            c30 = a3.fma(g0, c30); c31 = a3.fma(g1, c31);
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

    /** One row: 2 accumulators. */
    static void row1(int[] pairs, int t1, float[] x, int[] rows, int r0, float[] dy, int dyAt,
            boolean accumulate, float[] dw, int at) {
        FloatVector c00 = start(accumulate, dw, at), c01 = start(accumulate, dw, at + L);
        int o0 = rows[r0 + 0];
        for (int t = 0; t < t1; t++) {
            int gi = dyAt + pairs[2 * t];
            int xi = pairs[2 * t + 1];
            FloatVector g0 = FloatVector.fromArray(S, dy, gi);
            FloatVector g1 = FloatVector.fromArray(S, dy, gi + L);
            FloatVector a0 = FloatVector.broadcast(S, x[xi + o0]);
            c00 = a0.fma(g0, c00); c01 = a0.fma(g1, c01);
        }
        c00.intoArray(dw, at);
        c01.intoArray(dw, at + L);
    }

    private static FloatVector start(boolean accumulate, float[] dw, int at) {
        return accumulate ? FloatVector.fromArray(S, dw, at) : FloatVector.zero(S);
    }
}
