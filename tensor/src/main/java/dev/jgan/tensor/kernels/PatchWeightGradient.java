package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Vectors;

/**
 * The weight gradient of a convolution with few input channels (an image's 1 or 3, or the output
 * side of a transposed convolution that makes images): dW[co, r] = sum over images i and output
 * positions o of dy[i, co, o] x[i, patch row r of o], r = (ci, kh, kw). With so few channels the
 * kernel taps go on the broadcast side too: the rows of dW' [r, co] are computed in blocks of 12 by
 * two vectors of output channels ({@link PatchGradKernels}), row r reading x at a fixed offset
 * from the window's corner in a zero-padded channels-last copy of the image, so every output position
 * reads the same offsets and nothing is lowered. dW is small (Cout x Cin x taps), so threads split
 * the batch and their partial sums are added in part order.
 */
final class PatchWeightGradient {
    /** Rows per kernel call: 24 accumulators fit 32 vector registers; with 16, blocks of 4 (8 accumulators). */
    private static final int ROWS = Vectors.LANES >= 16 ? 12 : 4;

    private PatchWeightGradient() {}

    /** Whether this path takes the convolution: fewer input channels than a vector, enough output channels. */
    static boolean handles(ConvGeometry g) {
        return ChannelsLastConv.ENABLED && g.inChannels() < ChannelsLastConv.MIN_CHANNELS
                && g.outChannels() >= ChannelsLastConv.MIN_CHANNELS && g.images() > 0;
    }

    /** dw = sum over images of the weight gradient, overwriting dw. */
    static void backwardWeight(ConvGeometry g, float[] dy, float[] x, float[] dw) {
        PaddedImage padded = new PaddedImage(g);
        int patch = g.patch();
        int width = ChannelsLastConv.paddedWidth(g.outChannels());
        int[] rows = padded.patchOffsets();
        TapPositions positions = TapPositions.everyPosition(width, padded.corners());
        long flopsPerImage = 2L * g.outPlane() * patch * width;
        int parts = ConvPlan.parts(g.images(), flopsPerImage);
        int size = patch * width;
        float[] sums = ConvScratch.get().partials(parts * size);
        ConvPlan.forEachPart(g.images(), parts, (part, first, end) ->
                imageRange(g, padded, rows, positions, first, end, dy, x, sums, part * size, width));
        for (int part = 1; part < parts; part++) {
            ConvLowering.addInto(sums, part * size, sums, size);
        }
        transpose(sums, g.outChannels(), patch, width, dw);
    }

    /** dw[co, r] = sums[r, co]: dW is small, so one thread does it. */
    private static void transpose(float[] sums, int cOut, int patch, int width, float[] dw) {
        for (int co = 0; co < cOut; co++) {
            for (int r = 0; r < patch; r++) {
                dw[co * patch + r] = sums[r * width + co];
            }
        }
    }

    /** Images [first, end) into sums[at ...] as [row, width]: each image copied once, then every block summed over it. */
    private static void imageRange(ConvGeometry g, PaddedImage padded, int[] rows, TapPositions positions,
                                   int first, int end, float[] dy, float[] x, float[] sums, int at, int width) {
        ConvScratch scratch = ConvScratch.get();
        float[] xCopy = scratch.channelsLast(padded.size());
        float[] dyRows = scratch.tile(g.outPlane() * width);
        int patch = g.patch();
        int t1 = positions.start[1];
        for (int image = first; image < end; image++) {
            padded.copy(x, image, xCopy);
            ChannelsLast.fromPlanes(dy, image, 1, g.outChannels(), 0, g.outChannels(), g.outPlane(), dyRows, 0, width);
            boolean accumulate = image > first;
            for (int co0 = 0; co0 < width; co0 += ChannelsLastConv.WIDTH) {
                int r = 0;
                for (; ROWS == 12 && r + 12 <= patch; r += 12) {
                    PatchGradKernels.rows12(positions.pairs, t1, xCopy, rows, r, dyRows, co0,
                            accumulate, sums, at + r * width + co0, width);
                }
                for (; r + 4 <= patch; r += 4) {
                    PatchGradKernels.rows4(positions.pairs, t1, xCopy, rows, r, dyRows, co0,
                            accumulate, sums, at + r * width + co0, width);
                }
                for (; r < patch; r++) {
                    PatchGradKernels.row1(positions.pairs, t1, xCopy, rows, r, dyRows, co0,
                            accumulate, sums, at + r * width + co0);
                }
            }
        }
    }
}
