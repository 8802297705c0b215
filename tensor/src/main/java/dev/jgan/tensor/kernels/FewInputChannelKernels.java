package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Micro-kernels of {@link FewInputChannelConv}: output channels by runs (one vector of consecutive
 * output positions of one row each). A run's input for tap t is the vector at
 * {@code staged[runAt + taps[t]]}; the weight {@code w[(co + c) k + t]} of channel co + c is broadcast.
 * For each channel c and run j, in tap order in every kernel:
 * <pre>
 * y[outAt_j + (co + c) plane + v] = bias[co + c] + sum over t of w[(co + c) k + t] staged[runAt_j + taps[t] + v]
 * </pre>
 * for v below the run's lanes (the rest of the vector is not stored; {@code tail} holds a vector for
 * a partial store), with {@code outAt_j = outBase + outAt[j0 + j]} in {@link #tile}; bias may be
 * null. Runs are stored in order, and in each run the channels in order.
 */
final class FewInputChannelKernels {
    /** Output channels of the main tile. */
    static final int CHANNELS = 4;
    /** Runs of the main tile: 4 x 5 = 20 accumulators, 5 loads and 4 broadcasts per 20 FMAs. */
    static final int RUNS = 5;

    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();

    private FewInputChannelKernels() {}

    /** The main tile: 4 channels by 5 runs. */
    static void tile(float[] staged, int[] taps, int k, int[] runAt, int j0, float[] w, float[] bias, int co,
                     float[] y, int outBase, int[] outAt, int plane, int[] lanes, float[] tail) {
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
        store(c0_0, y, outBase + outAt[j0 + 0] + (co + 0) * plane, lanes[j0 + 0], tail);
        store(c1_0, y, outBase + outAt[j0 + 0] + (co + 1) * plane, lanes[j0 + 0], tail);
        store(c2_0, y, outBase + outAt[j0 + 0] + (co + 2) * plane, lanes[j0 + 0], tail);
        store(c3_0, y, outBase + outAt[j0 + 0] + (co + 3) * plane, lanes[j0 + 0], tail);
        store(c0_1, y, outBase + outAt[j0 + 1] + (co + 0) * plane, lanes[j0 + 1], tail);
        store(c1_1, y, outBase + outAt[j0 + 1] + (co + 1) * plane, lanes[j0 + 1], tail);
        store(c2_1, y, outBase + outAt[j0 + 1] + (co + 2) * plane, lanes[j0 + 1], tail);
        store(c3_1, y, outBase + outAt[j0 + 1] + (co + 3) * plane, lanes[j0 + 1], tail);
        store(c0_2, y, outBase + outAt[j0 + 2] + (co + 0) * plane, lanes[j0 + 2], tail);
        store(c1_2, y, outBase + outAt[j0 + 2] + (co + 1) * plane, lanes[j0 + 2], tail);
        store(c2_2, y, outBase + outAt[j0 + 2] + (co + 2) * plane, lanes[j0 + 2], tail);
        store(c3_2, y, outBase + outAt[j0 + 2] + (co + 3) * plane, lanes[j0 + 2], tail);
        store(c0_3, y, outBase + outAt[j0 + 3] + (co + 0) * plane, lanes[j0 + 3], tail);
        store(c1_3, y, outBase + outAt[j0 + 3] + (co + 1) * plane, lanes[j0 + 3], tail);
        store(c2_3, y, outBase + outAt[j0 + 3] + (co + 2) * plane, lanes[j0 + 3], tail);
        store(c3_3, y, outBase + outAt[j0 + 3] + (co + 3) * plane, lanes[j0 + 3], tail);
        store(c0_4, y, outBase + outAt[j0 + 4] + (co + 0) * plane, lanes[j0 + 4], tail);
        store(c1_4, y, outBase + outAt[j0 + 4] + (co + 1) * plane, lanes[j0 + 4], tail);
        store(c2_4, y, outBase + outAt[j0 + 4] + (co + 2) * plane, lanes[j0 + 4], tail);
        store(c3_4, y, outBase + outAt[j0 + 4] + (co + 3) * plane, lanes[j0 + 4], tail);
    }

    /** 4 channels by one run, for the runs past the last full tile. */
    static void run1(float[] staged, int[] taps, int k, int runAt, float[] w, float[] bias, int co,
                     float[] y, int outAt, int plane, int lanes, float[] tail) {
        FloatVector c0 = start(bias, co + 0);
        FloatVector c1 = start(bias, co + 1);
        FloatVector c2 = start(bias, co + 2);
        FloatVector c3 = start(bias, co + 3);
        int w0 = (co + 0) * k;
        int w1 = (co + 1) * k;
        int w2 = (co + 2) * k;
        int w3 = (co + 3) * k;
        for (int t = 0; t < k; t++) {
            FloatVector x = FloatVector.fromArray(S, staged, runAt + taps[t]);
            c0 = FloatVector.broadcast(S, w[w0 + t]).fma(x, c0);
            c1 = FloatVector.broadcast(S, w[w1 + t]).fma(x, c1);
            c2 = FloatVector.broadcast(S, w[w2 + t]).fma(x, c2);
            c3 = FloatVector.broadcast(S, w[w3 + t]).fma(x, c3);
        }
        store(c0, y, outAt + (co + 0) * plane, lanes, tail);
        store(c1, y, outAt + (co + 1) * plane, lanes, tail);
        store(c2, y, outAt + (co + 2) * plane, lanes, tail);
        store(c3, y, outAt + (co + 3) * plane, lanes, tail);
    }

    /** One channel by one run, for the channels past the last full tile. */
    static void channel1run1(float[] staged, int[] taps, int k, int runAt, float[] w, float[] bias, int co,
                             float[] y, int outAt, int plane, int lanes, float[] tail) {
        FloatVector c = start(bias, co);
        int w0 = co * k;
        for (int t = 0; t < k; t++) {
            c = FloatVector.broadcast(S, w[w0 + t]).fma(FloatVector.fromArray(S, staged, runAt + taps[t]), c);
        }
        store(c, y, outAt + co * plane, lanes, tail);
    }

    private static FloatVector start(float[] bias, int channel) {
        return FloatVector.broadcast(S, bias == null ? 0f : bias[channel]);
    }

    /** The first {@code lanes} lanes of v to y[at ...], through {@code tail} when not all (masked stores are slow). */
    private static void store(FloatVector v, float[] y, int at, int lanes, float[] tail) {
        if (lanes == L) {
            v.intoArray(y, at);
        } else {
            v.intoArray(tail, 0);
            System.arraycopy(tail, 0, y, at, lanes);
        }
    }
}
