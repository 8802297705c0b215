package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernel of {@link TapPlaneConv}: 2 output channels by 13 runs of 16 consecutive output
 * positions (26 accumulators, 13 loads and 2 broadcasts per 26 FMAs). Run j starts at position
 * {@code starts[first + j]}; for channel c and run j, lane by lane, in tap order:
 * <pre>
 * y[yAt + c P + start_j + v] = bias[co + c] + sum over t of w[(co + c) k + t] taps[t stride + start_j + v]
 * </pre>
 * with P the output plane and k the taps; bias may be null. Thirteen runs are a 14x14 plane (196
 * positions: twelve runs and one that overlaps the twelfth), DCGAN-MNIST's first D layer.
 */
final class TapPlaneKernels {
    /** Output channels of the tile. */
    static final int CHANNELS = 2;
    /** Runs of the tile. */
    static final int RUNS = 13;
    private static final VectorSpecies<Float> S = Vectors.FLOAT;

    private TapPlaneKernels() {}

    static void tile(float[] taps, int stride, int k, int[] starts, int first, float[] w, float[] bias, int co,
                     float[] y, int yAt, int plane) {
        FloatVector b0 = FloatVector.broadcast(S, bias == null ? 0f : bias[co]);
        FloatVector b1 = FloatVector.broadcast(S, bias == null ? 0f : bias[co + 1]);
        FloatVector a00 = b0, a01 = b0, a02 = b0, a03 = b0, a04 = b0, a05 = b0, a06 = b0, a07 = b0, a08 = b0,
                a09 = b0, a010 = b0, a011 = b0, a012 = b0;
        FloatVector a10 = b1, a11 = b1, a12 = b1, a13 = b1, a14 = b1, a15 = b1, a16 = b1, a17 = b1, a18 = b1,
                a19 = b1, a110 = b1, a111 = b1, a112 = b1;
        int s0 = starts[first];
        int s1 = starts[first + 1];
        int s2 = starts[first + 2];
        int s3 = starts[first + 3];
        int s4 = starts[first + 4];
        int s5 = starts[first + 5];
        int s6 = starts[first + 6];
        int s7 = starts[first + 7];
        int s8 = starts[first + 8];
        int s9 = starts[first + 9];
        int s10 = starts[first + 10];
        int s11 = starts[first + 11];
        int s12 = starts[first + 12];
        int w0 = co * k;
        int w1 = w0 + k;
        for (int t = 0; t < k; t++) {
            FloatVector c0 = FloatVector.broadcast(S, w[w0 + t]);
            FloatVector c1 = FloatVector.broadcast(S, w[w1 + t]);
            int at = t * stride;
            FloatVector x = FloatVector.fromArray(S, taps, at + s0);
            a00 = c0.fma(x, a00); a10 = c1.fma(x, a10);
            x = FloatVector.fromArray(S, taps, at + s1);
            a01 = c0.fma(x, a01); a11 = c1.fma(x, a11);
            x = FloatVector.fromArray(S, taps, at + s2);
            a02 = c0.fma(x, a02); a12 = c1.fma(x, a12);
            x = FloatVector.fromArray(S, taps, at + s3);
            a03 = c0.fma(x, a03); a13 = c1.fma(x, a13);
            x = FloatVector.fromArray(S, taps, at + s4);
            a04 = c0.fma(x, a04); a14 = c1.fma(x, a14);
            x = FloatVector.fromArray(S, taps, at + s5);
            a05 = c0.fma(x, a05); a15 = c1.fma(x, a15);
            x = FloatVector.fromArray(S, taps, at + s6);
            a06 = c0.fma(x, a06); a16 = c1.fma(x, a16);
            x = FloatVector.fromArray(S, taps, at + s7);
            a07 = c0.fma(x, a07); a17 = c1.fma(x, a17);
            x = FloatVector.fromArray(S, taps, at + s8);
            a08 = c0.fma(x, a08); a18 = c1.fma(x, a18);
            x = FloatVector.fromArray(S, taps, at + s9);
            a09 = c0.fma(x, a09); a19 = c1.fma(x, a19);
            x = FloatVector.fromArray(S, taps, at + s10);
            a010 = c0.fma(x, a010); a110 = c1.fma(x, a110);
            x = FloatVector.fromArray(S, taps, at + s11);
            a011 = c0.fma(x, a011); a111 = c1.fma(x, a111);
            x = FloatVector.fromArray(S, taps, at + s12);
            a012 = c0.fma(x, a012); a112 = c1.fma(x, a112);
        }
        int y0 = yAt;
        int y1 = yAt + plane;
        a00.intoArray(y, y0 + s0); a10.intoArray(y, y1 + s0);
        a01.intoArray(y, y0 + s1); a11.intoArray(y, y1 + s1);
        a02.intoArray(y, y0 + s2); a12.intoArray(y, y1 + s2);
        a03.intoArray(y, y0 + s3); a13.intoArray(y, y1 + s3);
        a04.intoArray(y, y0 + s4); a14.intoArray(y, y1 + s4);
        a05.intoArray(y, y0 + s5); a15.intoArray(y, y1 + s5);
        a06.intoArray(y, y0 + s6); a16.intoArray(y, y1 + s6);
        a07.intoArray(y, y0 + s7); a17.intoArray(y, y1 + s7);
        a08.intoArray(y, y0 + s8); a18.intoArray(y, y1 + s8);
        a09.intoArray(y, y0 + s9); a19.intoArray(y, y1 + s9);
        a010.intoArray(y, y0 + s10); a110.intoArray(y, y1 + s10);
        a011.intoArray(y, y0 + s11); a111.intoArray(y, y1 + s11);
        a012.intoArray(y, y0 + s12); a112.intoArray(y, y1 + s12);
    }
}
