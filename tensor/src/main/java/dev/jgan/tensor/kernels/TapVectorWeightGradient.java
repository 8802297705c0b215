package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Vectors;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The weight gradient of a convolution with few input channels (an image's 1 or 3, or the output
 * side of a transposed convolution that makes images) whose patch is a whole number of vectors:
 * dW[co, t] = sum over images and output positions o of dy[co, o] patch_o[t], with vectors along the
 * taps t. Each output position's patch is copied once into a row (the window's rows of kW x Cin
 * values lie side by side in a padded channels-last copy of the image, so a row is kH vector copies),
 * and the output gradient is broadcast from where it lies, in its NCHW planes
 * ({@link TapVectorGradKernels}). {@link PatchWeightGradient} broadcasts the patch instead and needs
 * the output gradient transposed channels-last, which on DCGAN-MNIST's 1-channel layers cost as much
 * as its multiply-adds.
 *
 * <p>Taps go in the padded image's order (kh, kw, ci) inside, and back to (ci, kh, kw) at the end.
 * dW is small, so threads split the batch and their partial sums are added in part order.
 */
final class TapVectorWeightGradient {
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();

    private TapVectorWeightGradient() {}

    /**
     * Whether this path takes the convolution: where {@link #fits}, with enough output channels and a
     * patch of one 16-float vector. Measured against {@link PatchWeightGradient} (bench/ab, 2 threads,
     * Zen 5): 1.43x on DCGAN-MNIST's first D layer and 1.81x on its last G layer (1-channel 4x4
     * windows, patch 16), but 0.72x and 0.68x on DCGAN-64's RGB layers (patch 48, three vectors: each
     * output gradient value is broadcast three times).
     */
    static boolean handles(ConvGeometry g) {
        return ChannelsLastConv.ENABLED && Vectors.LANES == 16 && g.patch() == Vectors.LANES && fits(g)
                && g.outChannels() >= ChannelsLastConv.MIN_CHANNELS;
    }

    /**
     * Whether the kernels compute this convolution: few input channels, a patch of whole vectors, and
     * window rows (kW x Cin values, undilated) of at most one vector.
     */
    static boolean fits(ConvGeometry g) {
        ConvSpec s = g.spec();
        return g.inChannels() < ChannelsLastConv.MIN_CHANNELS && g.patch() % L == 0 && s.dilationW() == 1
                && s.kernelW() * g.inChannels() <= L && g.images() > 0;
    }

    /** dw = sum over images of the weight gradient, overwriting dw. */
    static void backwardWeight(ConvGeometry g, float[] dy, float[] x, float[] dw) {
        // y[co, o] = sum over t of w[co, t] patch_o[t]  =>  dW[co, t] = sum over images, o of dy[co, o] patch_o[t]
        PaddedImage padded = new PaddedImage(g);
        int patch = g.patch();
        int size = g.outChannels() * patch;
        int parts = ConvPlan.parts(g.images(), 2L * g.outPlane() * patch * g.outChannels());
        float[] sums = ConvScratch.get().partials(parts * size);
        int[] windowRows = windowRows(g, padded);
        int[] corners = padded.corners();
        ConvPlan.forEachPart(g.images(), parts, (part, first, end) ->
                imageRange(g, padded, windowRows, corners, first, end, dy, x, sums, part * size));
        ConvSpec s = g.spec();
        int cIn = g.inChannels();
        for (int co = 0; co < g.outChannels(); co++) {
            for (int ci = 0, t = 0; ci < cIn; ci++) {
                for (int kh = 0; kh < s.kernelH(); kh++) {
                    for (int kw = 0; kw < s.kernelW(); kw++, t++) {
                        int at = co * patch + (kh * s.kernelW() + kw) * cIn + ci;
                        float sum = sums[at];
                        for (int part = 1; part < parts; part++) {
                            sum += sums[part * size + at];
                        }
                        dw[co * patch + t] = sum;
                    }
                }
            }
        }
    }

    /** Per kernel row kh: its window row's offset from the window's corner in the padded image. */
    private static int[] windowRows(ConvGeometry g, PaddedImage padded) {
        ConvSpec s = g.spec();
        int[] offsets = padded.patchOffsets();
        int[] rows = new int[s.kernelH()];
        for (int kh = 0; kh < s.kernelH(); kh++) {
            rows[kh] = offsets[kh * s.kernelW()];
        }
        return rows;
    }

    /** Images [first, end) into sums[at ...] as [co, (kh, kw, ci)]. */
    private static void imageRange(ConvGeometry g, PaddedImage padded, int[] windowRows, int[] corners, int first,
                                   int end, float[] dy, float[] x, float[] sums, int at) {
        ConvScratch scratch = ConvScratch.get();
        float[] image = scratch.channelsLast(padded.size() + L);
        int plane = g.outPlane();
        int patch = g.patch();
        int cOut = g.outChannels();
        float[] rows = scratch.tile(plane * patch + L);
        Arrays.fill(sums, at, at + cOut * patch, 0f);
        for (int i = first; i < end; i++) {
            padded.copy(x, i, image);
            patchRows(g, windowRows, corners, image, rows);
            int dyImage = i * cOut * plane;
            if (plane < CacheLines.SHORT_PLANE) {
                // the kernels broadcast from 16 planes side by side: out of cache, short planes defeat the prefetcher
                CacheLines.readInOrder(dy, dyImage, cOut * plane);
            }
            for (int tap = 0; tap < patch; tap += L) {
                int co = 0;
                for (; co + TapVectorGradKernels.CHANNELS <= cOut; co += TapVectorGradKernels.CHANNELS) {
                    TapVectorGradKernels.channels16(dy, dyImage + co * plane, plane, rows, tap, patch, sums,
                            at + co * patch + tap, patch);
                }
                for (; co < cOut; co++) {
                    TapVectorGradKernels.channel1(dy, dyImage + co * plane, plane, rows, tap, patch, sums,
                            at + co * patch + tap);
                }
            }
        }
    }

    /**
     * rows[o patch + kh kW Cin ...] = window row kh of output position o, whole vectors stored in
     * ascending order: the lanes past a window row land on slots a later store overwrites (or, after
     * the last, past the rows); the image has a vector's room after its end for the loads.
     */
    private static void patchRows(ConvGeometry g, int[] windowRows, int[] corners, float[] image, float[] rows) {
        int patch = g.patch();
        int segment = g.spec().kernelW() * g.inChannels();
        for (int o = 0; o < corners.length; o++) {
            for (int kh = 0; kh < windowRows.length; kh++) {
                FloatVector.fromArray(S, image, corners[o] + windowRows[kh]).intoArray(rows, o * patch + kh * segment);
            }
        }
    }
}
