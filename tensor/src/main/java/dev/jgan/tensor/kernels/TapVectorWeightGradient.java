package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Vectors;
import java.util.Arrays;

/**
 * The weight gradient of a convolution with few input channels (an image's 1 or 3, or the output
 * side of a transposed convolution that makes images) whose patch is a whole number of vectors:
 * dW[co, t] = sum over images and output positions o of dy[co, o] patch_o[t], with vectors along the
 * taps t. Each output position's patch is copied once into a row ({@link PatchRows}), and the output
 * gradient is broadcast from where it lies, in its NCHW planes
 * ({@link TapVectorGradKernels}). {@link PatchWeightGradient} broadcasts the patch instead and needs
 * the output gradient transposed channels-last, which on DCGAN-MNIST's 1-channel layers cost as much
 * as its multiply-adds.
 *
 * <p>Taps go in the rows' order (kh, kw, ci) inside, and back to (ci, kh, kw) at the end.
 * dW is small, so the batch is summed in a fixed number of parts, which the threads share, and the
 * parts' sums are added in part order: the bits depend on the shape only, not on the thread count.
 */
final class TapVectorWeightGradient {
    /** Most parts the batch is summed in, whatever the thread count. */
    private static final int PARTS = 16;

    private TapVectorWeightGradient() {}

    /**
     * Whether this path takes the convolution: where {@link #fits}, with enough output channels and a
     * patch of one or three 16-float vectors. Measured against {@link PatchWeightGradient} (bench/ab,
     * 2 threads, Zen 5): 1.43x on DCGAN-MNIST's first D layer and 1.81x on its last G layer (1-channel
     * 4x4 windows, patch 16); 1.41x and 1.40x on DCGAN-64's RGB layers (patch 48) with the kernel that
     * takes the three vectors at once (one vector at a time, broadcasting each output-gradient value
     * three times, they were 0.68-0.72x).
     */
    static boolean handles(ConvGeometry g) {
        return ChannelsLastConv.ENABLED && Vectors.LANES == 16
                && (g.patch() == Vectors.LANES || g.patch() == 3 * Vectors.LANES) && fits(g)
                && g.outChannels() >= ChannelsLastConv.MIN_CHANNELS;
    }

    /**
     * Whether the kernels compute this convolution: few input channels, a patch of whole vectors, and
     * window rows (kW x Cin values, undilated) of at most one vector.
     */
    static boolean fits(ConvGeometry g) {
        return g.inChannels() < ChannelsLastConv.MIN_CHANNELS && g.patch() % Vectors.LANES == 0 && PatchRows.fits(g)
                && g.images() > 0;
    }

    /** dw = sum over images of the weight gradient, overwriting dw. */
    static void backwardWeight(ConvGeometry g, float[] dy, float[] x, float[] dw) {
        // y[co, o] = sum over t of w[co, t] patch_o[t]  =>  dW[co, t] = sum over images, o of dy[co, o] patch_o[t]
        PatchRows patchRows = new PatchRows(g);
        int patch = g.patch();
        int size = g.outChannels() * patch;
        int parts = Math.min(g.images(), PARTS);
        float[] sums = ConvScratch.get().partials(parts * size);
        ConvPlan.forEachPart(g.images(), parts, (part, first, end) ->
                imageRange(patchRows, first, end, dy, x, sums, part * size));
        for (int part = 1; part < parts; part++) {
            ConvLowering.addInto(sums, part * size, sums, size);
        }
        ConvSpec s = g.spec();
        for (int co = 0; co < g.outChannels(); co++) {
            for (int ci = 0, t = 0; ci < g.inChannels(); ci++) {
                for (int kh = 0; kh < s.kernelH(); kh++) {
                    for (int kw = 0; kw < s.kernelW(); kw++, t++) {
                        dw[co * patch + t] = sums[co * patch + patchRows.tap(ci, kh, kw)];
                    }
                }
            }
        }
    }

    /** Images [first, end) into sums[at ...] as [co, (kh, kw, ci)]. */
    private static void imageRange(PatchRows patchRows, int first, int end, float[] dy, float[] x, float[] sums,
                                   int at) {
        ConvGeometry g = patchRows.g;
        ConvScratch scratch = ConvScratch.get();
        float[] image = scratch.channelsLast(patchRows.imageSize());
        int plane = g.outPlane();
        int patch = g.patch();
        int cOut = g.outChannels();
        float[] rows = scratch.tile(patchRows.size());
        Arrays.fill(sums, at, at + cOut * patch, 0f);
        for (int i = first; i < end; i++) {
            patchRows.build(x, i, image, rows);
            int dyImage = i * cOut * plane;
            if (plane < CacheLines.SHORT_PLANE) {
                // the kernels broadcast from 16 planes side by side: out of cache, short planes defeat the prefetcher
                CacheLines.readInOrder(dy, dyImage, cOut * plane);
            }
            int tap = 0;
            for (; patch % (3 * Vectors.LANES) == 0 && tap < patch; tap += 3 * Vectors.LANES) {
                int co = 0;
                for (; co + TapVectorGradKernels.CHANNELS_TAPS3 <= cOut; co += TapVectorGradKernels.CHANNELS_TAPS3) {
                    TapVectorGradKernels.channels8Taps3(dy, dyImage + co * plane, plane, rows, tap, patch, sums,
                            at + co * patch + tap, patch);
                }
                for (; co < cOut; co++) {
                    for (int v = tap; v < tap + 3 * Vectors.LANES; v += Vectors.LANES) {
                        TapVectorGradKernels.channel1(dy, dyImage + co * plane, plane, rows, v, patch, sums,
                                at + co * patch + v);
                    }
                }
            }
            for (; tap < patch; tap += Vectors.LANES) {
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
}
