package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernel of {@link FewInputChannelConv}: output channels by runs (one vector of consecutive
 * output positions of one row each). A run's input for tap t is the vector at
 * {@code staged[runAt + taps[t]]}; the weight {@code w[(co + c) k + t]} of channel co + c is broadcast.
 * For each channel c and run j, in tap order:
 * <pre>
 * y[outAt_j + (co + c) plane + v] = bias[co + c] + sum over t of w[(co + c) k + t] staged[runAt_j + taps[t] + v]
 * </pre>
 * for v below the run's lanes (the rest of the vector is not stored: a run of fewer lanes goes to its
 * slot j CHANNELS + c of {@code tails}, and {@link #copyTails} then copies those lanes), with
 * {@code outAt_j = outBase + outAt[j0 + j]} in {@link #tile}; bias may be null. Runs are stored in
 * order, and in each run the channels in order.
 */
final class FewInputChannelKernels {
    /** Output channels of the tile. */
    static final int CHANNELS = 4;
    /** Runs of the tile: 4 x 5 = 20 accumulators, 5 loads and 4 broadcasts per 20 FMAs. */
    static final int RUNS = 5;

    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();

    private FewInputChannelKernels() {}

    /** The tile: 4 channels by 5 runs. */
    static void tile(float[] staged, int[] taps, int k, int[] runAt, int j0, float[] w, float[] bias, int co,
                     float[] y, int outBase, int[] outAt, int plane, int[] lanes, float[] tails) {
        FloatVector b0 = start(bias, co + 0);
        FloatVector b1 = start(bias, co + 1);
        FloatVector b2 = start(bias, co + 2);
        FloatVector b3 = start(bias, co + 3);
        FloatVector c0_0 = b0; FloatVector c0_1 = b0; FloatVector c0_2 = b0;
        FloatVector c0_3 = b0; FloatVector c0_4 = b0;
        FloatVector c1_0 = b1; FloatVector c1_1 = b1; FloatVector c1_2 = b1;
        FloatVector c1_3 = b1; FloatVector c1_4 = b1;
        FloatVector c2_0 = b2; FloatVector c2_1 = b2; FloatVector c2_2 = b2;
        FloatVector c2_3 = b2; FloatVector c2_4 = b2;
        FloatVector c3_0 = b3; FloatVector c3_1 = b3; FloatVector c3_2 = b3;
        FloatVector c3_3 = b3; FloatVector c3_4 = b3;
        int r0 = runAt[j0 + 0];
        int r1 = runAt[j0 + 1];
        int r2 = runAt[j0 + 2];
        int r3 = runAt[j0 + 3];
        int r4 = runAt[j0 + 4];
        int w0 = (co + 0) * k;
        int w1 = (co + 1) * k;
        int w2 = (co + 2) * k;
        int w3 = (co + 3) * k;
        for (int t = 0; t < k; t++) {
            int tap = taps[t];
            FloatVector x0 = FloatVector.fromArray(S, staged, r0 + tap);
            FloatVector x1 = FloatVector.fromArray(S, staged, r1 + tap);
            FloatVector x2 = FloatVector.fromArray(S, staged, r2 + tap);
            FloatVector x3 = FloatVector.fromArray(S, staged, r3 + tap);
            FloatVector x4 = FloatVector.fromArray(S, staged, r4 + tap);
            FloatVector a0 = FloatVector.broadcast(S, w[w0 + t]);
            c0_0 = a0.fma(x0, c0_0); c0_1 = a0.fma(x1, c0_1); c0_2 = a0.fma(x2, c0_2);
            c0_3 = a0.fma(x3, c0_3); c0_4 = a0.fma(x4, c0_4);
            FloatVector a1 = FloatVector.broadcast(S, w[w1 + t]);
            c1_0 = a1.fma(x0, c1_0); c1_1 = a1.fma(x1, c1_1); c1_2 = a1.fma(x2, c1_2);
            c1_3 = a1.fma(x3, c1_3); c1_4 = a1.fma(x4, c1_4);
            FloatVector a2 = FloatVector.broadcast(S, w[w2 + t]);
            c2_0 = a2.fma(x0, c2_0); c2_1 = a2.fma(x1, c2_1); c2_2 = a2.fma(x2, c2_2);
            c2_3 = a2.fma(x3, c2_3); c2_4 = a2.fma(x4, c2_4);
            FloatVector a3 = FloatVector.broadcast(S, w[w3 + t]);
            c3_0 = a3.fma(x0, c3_0); c3_1 = a3.fma(x1, c3_1); c3_2 = a3.fma(x2, c3_2);
            c3_3 = a3.fma(x3, c3_3); c3_4 = a3.fma(x4, c3_4);
        }
        // run j's channels go to y, or, when the run is not a whole vector, to its slots in tails; the
        // stores are written out here, not in a helper: the tile is too large for C2 to inline every call
        // of one, and a call left out of line boxes its vector
        boolean whole0 = lanes[j0 + 0] == L;
        float[] d0 = whole0 ? y : tails;
        int o0 = whole0 ? outBase + outAt[j0 + 0] + co * plane : 0 * CHANNELS * L;
        int s0 = whole0 ? plane : L;
        boolean whole1 = lanes[j0 + 1] == L;
        float[] d1 = whole1 ? y : tails;
        int o1 = whole1 ? outBase + outAt[j0 + 1] + co * plane : 1 * CHANNELS * L;
        int s1 = whole1 ? plane : L;
        boolean whole2 = lanes[j0 + 2] == L;
        float[] d2 = whole2 ? y : tails;
        int o2 = whole2 ? outBase + outAt[j0 + 2] + co * plane : 2 * CHANNELS * L;
        int s2 = whole2 ? plane : L;
        boolean whole3 = lanes[j0 + 3] == L;
        float[] d3 = whole3 ? y : tails;
        int o3 = whole3 ? outBase + outAt[j0 + 3] + co * plane : 3 * CHANNELS * L;
        int s3 = whole3 ? plane : L;
        boolean whole4 = lanes[j0 + 4] == L;
        float[] d4 = whole4 ? y : tails;
        int o4 = whole4 ? outBase + outAt[j0 + 4] + co * plane : 4 * CHANNELS * L;
        int s4 = whole4 ? plane : L;
        c0_0.intoArray(d0, o0);
        c1_0.intoArray(d0, o0 + s0);
        c2_0.intoArray(d0, o0 + 2 * s0);
        c3_0.intoArray(d0, o0 + 3 * s0);
        c0_1.intoArray(d1, o1);
        c1_1.intoArray(d1, o1 + s1);
        c2_1.intoArray(d1, o1 + 2 * s1);
        c3_1.intoArray(d1, o1 + 3 * s1);
        c0_2.intoArray(d2, o2);
        c1_2.intoArray(d2, o2 + s2);
        c2_2.intoArray(d2, o2 + 2 * s2);
        c3_2.intoArray(d2, o2 + 3 * s2);
        c0_3.intoArray(d3, o3);
        c1_3.intoArray(d3, o3 + s3);
        c2_3.intoArray(d3, o3 + 2 * s3);
        c3_3.intoArray(d3, o3 + 3 * s3);
        c0_4.intoArray(d4, o4);
        c1_4.intoArray(d4, o4 + s4);
        c2_4.intoArray(d4, o4 + 2 * s4);
        c3_4.intoArray(d4, o4 + 3 * s4);
    }

    private static FloatVector start(float[] bias, int channel) {
        return FloatVector.broadcast(S, bias == null ? 0f : bias[channel]);
    }

    /** The stored lanes of a tile's runs that were not whole vectors, from their slots in tails. */
    static void copyTails(float[] tails, int j0, int co, float[] y, int outBase, int[] outAt, int plane,
                          int[] lanes) {
        for (int j = 0; j < RUNS; j++) {
            if (lanes[j0 + j] < L) {
                for (int c = 0; c < CHANNELS; c++) {
                    System.arraycopy(tails, (j * CHANNELS + c) * L, y, outBase + outAt[j0 + j] + (co + c) * plane,
                            lanes[j0 + j]);
                }
            }
        }
    }
}
