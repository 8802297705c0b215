package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Micro-kernels of {@link ChannelsLastConv}: one output position of several images by two
 * vectors of output channels, summed over a list of taps ({@link PositionTaps}) and, per tap,
 * over the input's channels. The input values are broadcast straight from channels-last
 * images, the weights loaded as vectors: nothing is packed per call.
 *
 * <p>out[outAt + j ldo + v] = sum over taps t, channels c of
 * in[base + j imageStride + pairs[2 t] + c] * w[pairs[2 t + 1] + v0 + c ldw + v], for v below two vectors.
 * Every image's sum runs in the same order in all three kernels, so an image's result does not depend
 * on which kernel computed it.
 */
final class ChannelsLastKernels {
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();

    private ChannelsLastKernels() {}

    /** Eight images: 16 accumulators. */
    static void images8(int[] pairs, int t0, int t1, int depth, float[] in, int base, int imageStride,
                        float[] w, int ldw, int v0, float[] out, int outAt, int ldo) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero;
        FloatVector c50 = zero, c51 = zero;
        FloatVector c60 = zero, c61 = zero;
        FloatVector c70 = zero, c71 = zero;
        for (int t = t0; t < t1; t++) {
            int i0 = base + pairs[2 * t];
            int i1 = i0 + imageStride;
            int i2 = i1 + imageStride;
            int i3 = i2 + imageStride;
            int i4 = i3 + imageStride;
            int i5 = i4 + imageStride;
            int i6 = i5 + imageStride;
            int i7 = i6 + imageStride;
            int wi = pairs[2 * t + 1] + v0;
            for (int c = 0; c < depth; c++) {
                FloatVector w0 = FloatVector.fromArray(S, w, wi);
                FloatVector w1 = FloatVector.fromArray(S, w, wi + L);
                FloatVector a0 = FloatVector.broadcast(S, in[i0 + c]);
                c00 = a0.fma(w0, c00); c01 = a0.fma(w1, c01);
                FloatVector a1 = FloatVector.broadcast(S, in[i1 + c]);
                c10 = a1.fma(w0, c10); c11 = a1.fma(w1, c11);
                FloatVector a2 = FloatVector.broadcast(S, in[i2 + c]);
                c20 = a2.fma(w0, c20); c21 = a2.fma(w1, c21);
                FloatVector a3 = FloatVector.broadcast(S, in[i3 + c]);
                c30 = a3.fma(w0, c30); c31 = a3.fma(w1, c31);
                FloatVector a4 = FloatVector.broadcast(S, in[i4 + c]);
                c40 = a4.fma(w0, c40); c41 = a4.fma(w1, c41);
                FloatVector a5 = FloatVector.broadcast(S, in[i5 + c]);
                c50 = a5.fma(w0, c50); c51 = a5.fma(w1, c51);
                FloatVector a6 = FloatVector.broadcast(S, in[i6 + c]);
                c60 = a6.fma(w0, c60); c61 = a6.fma(w1, c61);
                FloatVector a7 = FloatVector.broadcast(S, in[i7 + c]);
                c70 = a7.fma(w0, c70); c71 = a7.fma(w1, c71);
                wi += ldw;
            }
        }
        c00.intoArray(out, outAt + 0 * ldo);
        c01.intoArray(out, outAt + 0 * ldo + L);
        c10.intoArray(out, outAt + 1 * ldo);
        c11.intoArray(out, outAt + 1 * ldo + L);
        c20.intoArray(out, outAt + 2 * ldo);
        c21.intoArray(out, outAt + 2 * ldo + L);
        c30.intoArray(out, outAt + 3 * ldo);
        c31.intoArray(out, outAt + 3 * ldo + L);
        c40.intoArray(out, outAt + 4 * ldo);
        c41.intoArray(out, outAt + 4 * ldo + L);
        c50.intoArray(out, outAt + 5 * ldo);
        c51.intoArray(out, outAt + 5 * ldo + L);
        c60.intoArray(out, outAt + 6 * ldo);
        c61.intoArray(out, outAt + 6 * ldo + L);
        c70.intoArray(out, outAt + 7 * ldo);
        c71.intoArray(out, outAt + 7 * ldo + L);
    }

    /** Four images: 8 accumulators (the tile for 256-bit vectors, and for the last images of a batch). */
    static void images4(int[] pairs, int t0, int t1, int depth, float[] in, int base, int imageStride,
                        float[] w, int ldw, int v0, float[] out, int outAt, int ldo) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
        for (int t = t0; t < t1; t++) {
            int i0 = base + pairs[2 * t];
            int i1 = i0 + imageStride;
            int i2 = i1 + imageStride;
            int i3 = i2 + imageStride;
            int wi = pairs[2 * t + 1] + v0;
            for (int c = 0; c < depth; c++) {
                FloatVector w0 = FloatVector.fromArray(S, w, wi);
                FloatVector w1 = FloatVector.fromArray(S, w, wi + L);
                FloatVector a0 = FloatVector.broadcast(S, in[i0 + c]);
                c00 = a0.fma(w0, c00); c01 = a0.fma(w1, c01);
                FloatVector a1 = FloatVector.broadcast(S, in[i1 + c]);
                c10 = a1.fma(w0, c10); c11 = a1.fma(w1, c11);
                FloatVector a2 = FloatVector.broadcast(S, in[i2 + c]);
                c20 = a2.fma(w0, c20); c21 = a2.fma(w1, c21);
                FloatVector a3 = FloatVector.broadcast(S, in[i3 + c]);
                c30 = a3.fma(w0, c30); c31 = a3.fma(w1, c31);
                wi += ldw;
            }
        }
        c00.intoArray(out, outAt + 0 * ldo);
        c01.intoArray(out, outAt + 0 * ldo + L);
        c10.intoArray(out, outAt + 1 * ldo);
        c11.intoArray(out, outAt + 1 * ldo + L);
        c20.intoArray(out, outAt + 2 * ldo);
        c21.intoArray(out, outAt + 2 * ldo + L);
        c30.intoArray(out, outAt + 3 * ldo);
        c31.intoArray(out, outAt + 3 * ldo + L);
    }

    /** One image: 2 accumulators. */
    static void image1(int[] pairs, int t0, int t1, int depth, float[] in, int base,
                       float[] w, int ldw, int v0, float[] out, int outAt) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00;
        for (int t = t0; t < t1; t++) {
            int i0 = base + pairs[2 * t];
            int wi = pairs[2 * t + 1] + v0;
            for (int c = 0; c < depth; c++) {
                FloatVector a0 = FloatVector.broadcast(S, in[i0 + c]);
                c00 = a0.fma(FloatVector.fromArray(S, w, wi), c00);
                c01 = a0.fma(FloatVector.fromArray(S, w, wi + L), c01);
                wi += ldw;
            }
        }
        c00.intoArray(out, outAt);
        c01.intoArray(out, outAt + L);
    }
}
