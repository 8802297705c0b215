package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Vectors;

/**
 * The weight gradient of a strided convolution computed directly from channels-last copies of x
 * and dy: dW[co, ci, k] = sum over images i and the output positions o that tap k reaches
 * ({@link TapPositions}) of dy[i, co, o] x[i, ci, in(o, k)], skipping the taps' padded positions.
 * Threads split the blocks (2 vectors of output channels, tap, 12 input channels, fewer in the
 * last) of dW' [co / 32, tap, ci, co % 32] ({@link ChannelsLastGradKernels}; each block's sums lie
 * together, and the next block's right after them, so that the accumulators a tile loads and
 * stores block after block stream through the caches in order) and each walks the whole batch a tile
 * of images at a time, copying the tile's x and the part of dy it needs channels-last itself, so
 * threads never wait for each other; after the last tile each thread writes its own blocks of dW'
 * into dW. Each value is summed in image order, whatever the thread count.
 */
final class ChannelsLastWeightGradient {
    /** Input channels per block: 24 accumulators fit 32 vector registers; with 16, blocks of 4 (8 accumulators). */
    private static final int ROWS = Vectors.LANES >= 16 ? 12 : 4;
    /**
     * Most bytes of x one tile copies channels-last: half of a 1 MiB L2, so the copy stays there while
     * every block reads it. dcgan64-d2's 256 KB images in tiles of 8 (2 MiB) ran 1.15x slower.
     */
    private static final long TILE_BYTES = 1 << 19;

    private ChannelsLastWeightGradient() {}

    /** Whether this path takes the convolution: strided, undilated, enough channels, at least one full tile. */
    static boolean handles(ConvGeometry g) {
        return ChannelsLastConv.ENABLED && g.stridedPhases() && g.inChannels() >= ChannelsLastConv.MIN_CHANNELS
                && g.outChannels() >= ChannelsLastConv.MIN_CHANNELS && g.images() >= ChannelsLastConv.TILE_IMAGES;
    }

    /** dw = sum over images of the weight gradient, overwriting dw. */
    static void backwardWeight(ConvGeometry g, float[] dy, float[] x, float[] dw) {
        int cIn = g.inChannels();
        int cOut = g.outChannels();
        int width = ChannelsLastConv.paddedWidth(cOut);
        TapPositions taps = TapPositions.of(g, ChannelsLastConv.WIDTH, cIn);
        float[] sums = ConvScratch.get().partials(taps.taps() * cIn * width);
        int rowBlocks = (cIn + ROWS - 1) / ROWS;
        int unitsPerBlock = taps.taps() * rowBlocks;
        int units = width / ChannelsLastConv.WIDTH * unitsPerBlock;
        long flopsPerUnit = 2L * g.images() * Math.max(1, taps.pairs.length / 2 / taps.taps()) * ROWS * ChannelsLastConv.WIDTH;
        Parallel.forRange(units, ConvPlan.minUnits(flopsPerUnit),
                (u0, u1) -> units(g, taps, rowBlocks, unitsPerBlock, u0, u1, dy, x, sums, dw));
    }

    /**
     * Units [u0, u1) over the whole batch, a tile of images at a time: the thread copies the tile's x
     * and the output channels of dy its units need (one vector pair per row) channels-last; then
     * writes the units' sums into dw.
     */
    private static void units(ConvGeometry g, TapPositions taps, int rowBlocks, int unitsPerBlock, int u0, int u1,
                              float[] dy, float[] x, float[] sums, float[] dw) {
        int cIn = g.inChannels();
        int cOut = g.outChannels();
        int tile = tileImages(g);
        int step = ChannelsLastConv.WIDTH;
        int block0 = u0 / unitsPerBlock;
        int block1 = (u1 - 1) / unitsPerBlock + 1;
        ConvScratch scratch = ConvScratch.get();
        float[] xRows = scratch.channelsLast(tile * g.inPlane() * cIn);
        float[] dyRows = scratch.tile((block1 - block0) * tile * g.outPlane() * step);
        for (int first = 0; first < g.images(); first += tile) {
            int count = Math.min(tile, g.images() - first);
            ChannelsLast.fromPlanes(x, first, count, cIn, g.inPlane(), xRows);
            for (int b = block0; b < block1; b++) {
                int c0 = b * step;
                ChannelsLast.fromPlanes(dy, first, count, cOut, Math.min(c0, cOut), Math.min(c0 + step, cOut),
                        g.outPlane(), dyRows, (b - block0) * tile * g.outPlane() * step, step);
            }
            for (int u = u0; u < u1; u++) {
                int b = u / unitsPerBlock;
                block(taps, u - b * unitsPerBlock, rowBlocks, count, xRows, g.inPlane() * cIn, cIn,
                        dyRows, (b - block0) * tile * g.outPlane() * step, g.outPlane() * step, b,
                        first > 0, sums);
            }
        }
        for (int u = u0; u < u1; u++) {
            int b = u / unitsPerBlock;
            writeUnit(taps.taps(), u - b * unitsPerBlock, rowBlocks, cIn, cOut, b, sums, dw);
        }
    }

    /**
     * dw[co, ci, tap] = sums[co / 32, tap, ci, co % 32] over unit u's block of column block b: the
     * thread that summed a block writes it out, so the permutation runs on both threads and while
     * dw's lines for the other taps of the same channels are still in cache.
     */
    private static void writeUnit(int taps, int u, int rowBlocks, int cIn, int cOut, int b, float[] sums,
                                  float[] dw) {
        int tap = u / rowBlocks;
        int ci0 = u % rowBlocks * ROWS;
        int ci1 = Math.min(cIn, ci0 + ROWS);
        int co0 = b * ChannelsLastConv.WIDTH;
        int co1 = Math.min(cOut, co0 + ChannelsLastConv.WIDTH);
        int at = (b * taps + tap) * cIn * ChannelsLastConv.WIDTH - co0;
        for (int co = co0; co < co1; co++) {
            for (int ci = ci0; ci < ci1; ci++) {
                dw[(co * cIn + ci) * taps + tap] = sums[at + ci * ChannelsLastConv.WIDTH + co];
            }
        }
    }

    /**
     * Images per tile: as many as keep the tile's channels-last copy of x within {@link #TILE_BYTES},
     * at most {@link ChannelsLastConv#TILE_IMAGES}.
     */
    static int tileImages(ConvGeometry g) {
        long bytesPerImage = 4L * g.inPlane() * g.inChannels();
        return (int) Math.max(1, Math.min(ChannelsLastConv.TILE_IMAGES, TILE_BYTES / bytesPerImage));
    }

    /** Unit u of a column block = (tap, row block), row blocks fastest: one kernel call per block of input channels. */
    private static void block(TapPositions taps, int u, int rowBlocks, int count, float[] x, int xStride, int cIn,
                              float[] dy, int dyAt, int dyStride, int b, boolean accumulate, float[] sums) {
        int rowBlock = u % rowBlocks;
        int tap = u / rowBlocks;
        int ci0 = rowBlock * ROWS;
        int t0 = taps.start[tap];
        int t1 = taps.start[tap + 1];
        int width = ChannelsLastConv.WIDTH;
        int at = ((b * taps.taps() + tap) * cIn + ci0) * width;
        int end = Math.min(cIn, ci0 + ROWS);
        if (end - ci0 == 12) {
            ChannelsLastGradKernels.channels12(taps.pairs, t0, t1, count, x, xStride, ci0, dy, dyAt, dyStride,
                    accumulate, sums, at, width);
            return;
        }
        int ci = ci0;
        for (; ROWS == 12 && ci + 8 <= end; ci += 8) {
            ChannelsLastGradKernels.channels8(taps.pairs, t0, t1, count, x, xStride, ci, dy, dyAt, dyStride,
                    accumulate, sums, at + (ci - ci0) * width, width);
        }
        for (; ci + 4 <= end; ci += 4) {
            ChannelsLastGradKernels.channels4(taps.pairs, t0, t1, count, x, xStride, ci, dy, dyAt, dyStride,
                    accumulate, sums, at + (ci - ci0) * width, width);
        }
        for (; ci < end; ci++) {
            ChannelsLastGradKernels.channel1(taps.pairs, t0, t1, count, x, xStride, ci, dy, dyAt, dyStride,
                    accumulate, sums, at + (ci - ci0) * width);
        }
    }
}
