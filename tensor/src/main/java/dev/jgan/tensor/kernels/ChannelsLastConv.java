package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Vectors;

/**
 * Strided convolutions, forward and backward to the input, computed directly from a channels-last
 * copy of their input: each output position of a tile of images, by two vectors of output
 * channels, is a sum over the kernel taps that reach the input ({@link PositionTaps}) and over
 * the input's channels, with the input values broadcast and the weights loaded as vectors
 * ({@link ChannelsLastKernels}). The images of a tile share the position, so they share its taps:
 * taps that would read padding are skipped, and nothing is lowered or packed but the weights,
 * once per pass. The channels-last copy is made per tile of images, by the thread that computes
 * the tile, so it is read from cache: copying the whole batch first cost as much as reading and
 * writing it through memory twice.
 *
 * <p>Forward: y[i, co, o] = b[co] + sum over taps k of o, ci of x[i, ci, in(o, k)] w[co, ci, k].
 * Backward to the input: dx[i, ci, q] = sum over taps k of q, co of dy[i, co, out(q, k)] w[co, ci, k]
 * (plus a transposed convolution's bias). Each value is one sum in a fixed order (taps, then
 * channels), whichever tile, kernel or thread computes it.
 */
final class ChannelsLastConv {
    /** Fewest channels on either side: below, the weight vectors are mostly padding or the sums too short. */
    static final int MIN_CHANNELS = 16;
    /** Output channels per tile: two vectors. */
    static final int WIDTH = 2 * Vectors.LANES;
    /** Images per full tile: 16 accumulators fit 32 vector registers; 8 fit 16. */
    static final int TILE_IMAGES = Vectors.LANES >= 16 ? 8 : 4;
    static final boolean ENABLED = !"false".equals(System.getProperty("jgan.conv.channelsLast"));

    private ChannelsLastConv() {}

    /**
     * Most weight floats one (position, channel block) may read: taps x depth x {@link #WIDTH}, 1 MiB.
     * Every image tile streams them once per position, one contiguous block. Against the phase-plane
     * GEMM, 16 taps x 256 channels (dcgan64-d4 forward) is 15 % faster this way and 16 x 512 5-11 %.
     */
    private static final int MAX_BLOCK_WEIGHTS = 1 << 18;

    /** Whether {@link #forward} takes the convolution. */
    static boolean handlesForward(ConvGeometry g) {
        ConvSpec s = g.spec();
        return handles(g, s.kernelH() * s.kernelW() * g.inChannels());
    }

    /** Whether {@link #backwardInput} takes the convolution: each input position gets about 1 / stride of the taps. */
    static boolean handlesBackwardInput(ConvGeometry g) {
        ConvSpec s = g.spec();
        int taps = ceilDiv(s.kernelH(), s.strideH()) * ceilDiv(s.kernelW(), s.strideW());
        return handles(g, taps * g.outChannels());
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /**
     * Strided, undilated, enough channels, enough images for every thread to get two full tiles of
     * them (threads split the batch), and a weight block of {@code tapsByDepth} x WIDTH that stays in L2.
     */
    private static boolean handles(ConvGeometry g, int tapsByDepth) {
        return ENABLED && g.stridedPhases() && g.inChannels() >= MIN_CHANNELS && g.outChannels() >= MIN_CHANNELS
                && g.images() >= 2 * TILE_IMAGES * Parallel.threads() && (long) tapsByDepth * WIDTH <= MAX_BLOCK_WEIGHTS;
    }

    /** y = conv(x, w) + bias (bias may be null), overwriting y. */
    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        int depth = g.inChannels();
        int width = paddedWidth(g.outChannels());
        run(g, PositionTaps.forward(g, depth, WIDTH), packWeights(g, w, width, true), bias,
                x, depth, g.inPlane(), width, g.outChannels(), y);
    }

    /** dx = conv^T(dy, w) + bias (bias may be null), overwriting dx. */
    static void backwardInput(ConvGeometry g, float[] dy, float[] w, float[] bias, float[] dx) {
        int depth = g.outChannels();
        int width = paddedWidth(g.inChannels());
        run(g, PositionTaps.backwardInput(g, depth, WIDTH), packWeights(g, w, width, false), bias,
                dy, depth, g.outPlane(), width, g.inChannels(), dx);
    }

    static int paddedWidth(int channels) {
        return (channels + WIDTH - 1) / WIDTH * WIDTH;
    }

    /**
     * The weights as [block, tap, depth, {@link #WIDTH}]: one block per {@link #WIDTH} output channels (zero
     * beyond them), so a block's weights are read as one contiguous stream. Read across the whole width
     * instead, each step jumps by the width (0.5-2 KB) and a block's 128-512 KB touch hundreds of pages:
     * single-threaded, dcgan64-d3/d4 tiles ran at 69-71 GFLOP/s that way against 91-97 blocked. Forward:
     * depth is ci and the vectors run over co; backward to the input, the other way round. Threads take taps.
     */
    private static float[] packWeights(ConvGeometry g, float[] w, int width, boolean forward) {
        int taps = g.spec().kernelH() * g.spec().kernelW();
        int cIn = g.inChannels();
        int cOut = g.outChannels();
        int depth = forward ? cIn : cOut;
        int channels = forward ? cOut : cIn;
        int blockSize = taps * depth * WIDTH;
        float[] packed = ConvScratch.get().weightsToOverwrite(width / WIDTH * blockSize);
        Parallel.forRange(taps, 1, (k0, k1) -> {
            for (int k = k0; k < k1; k++) {
                for (int co = 0; co < cOut; co++) {
                    for (int ci = 0; ci < cIn; ci++) {
                        int v = forward ? co : ci;
                        int c = forward ? ci : co;
                        packed[v / WIDTH * blockSize + (k * depth + c) * WIDTH + v % WIDTH] = w[(co * cIn + ci) * taps + k];
                    }
                }
                for (int c = 0; c < depth; c++) {
                    for (int v = channels; v < width; v++) {
                        packed[v / WIDTH * blockSize + (k * depth + c) * WIDTH + v % WIDTH] = 0f;
                    }
                }
            }
        });
        return packed;
    }

    /**
     * out[i, v, p] (+ bias[v]) for every image i, channel v below {@code channels} and position p of
     * {@code taps}. Threads take runs of image tiles; per tile, the images' {@code depth} planes of
     * {@code plane} values are copied channels-last into the thread's scratch, where they stay in
     * cache while every position and channel block reads them, and the kernels write channels-last
     * rows that are copied back to planes once the tile is done.
     */
    private static void run(ConvGeometry g, PositionTaps taps, float[] packed, float[] bias, float[] in, int depth,
                            int plane, int width, int channels, float[] out) {
        int images = g.images();
        int tiles = (images + TILE_IMAGES - 1) / TILE_IMAGES;
        int positions = taps.positions();
        int blockSize = g.spec().kernelH() * g.spec().kernelW() * depth * WIDTH;
        Parallel.forRange(tiles, 1, (f0, f1) -> {
            ConvScratch scratch = ConvScratch.get();
            float[] local = scratch.channelsLast(TILE_IMAGES * plane * depth);
            float[] rows = scratch.tile(TILE_IMAGES * positions * width);
            for (int f = f0; f < f1; f++) {
                int first = f * TILE_IMAGES;
                int count = Math.min(TILE_IMAGES, images - first);
                ChannelsLast.fromPlanes(in, first, count, depth, plane, local);
                for (int v0 = 0; v0 < width; v0 += WIDTH) {
                    int block = v0 / WIDTH * blockSize;
                    for (int p = 0; p < positions; p++) {
                        imageTile(taps, p, depth, local, plane * depth, packed, block, count,
                                rows, p * width + v0, positions * width);
                    }
                }
                ChannelsLast.toPlanes(rows, count, positions, width, channels, out, first);
                if (bias != null) {
                    for (int i = first; i < first + count; i++) {
                        ChannelPlanes.addBias(out, channels, positions, i, 0, positions, bias);
                    }
                }
            }
        });
    }

    /**
     * rows[at + j ldo + v] for the tile's {@code count} images j at position p, the {@link #WIDTH} channels
     * whose weights start at {@code block}: the sum of its taps.
     */
    private static void imageTile(PositionTaps taps, int p, int depth, float[] in, int imageStride,
                                  float[] packed, int block, int count, float[] rows, int at, int ldo) {
        int t0 = taps.start[p];
        int t1 = taps.start[p + 1];
        if (count == 8) {
            ChannelsLastKernels.images8(taps.pairs, t0, t1, depth, in, 0, imageStride, packed, WIDTH, block,
                    rows, at, ldo);
            return;
        }
        int j = 0;
        if (count >= 4) {
            ChannelsLastKernels.images4(taps.pairs, t0, t1, depth, in, 0, imageStride, packed, WIDTH, block,
                    rows, at, ldo);
            j = 4;
        }
        for (; j < count; j++) {
            ChannelsLastKernels.image1(taps.pairs, t0, t1, depth, in, j * imageStride, packed, WIDTH, block,
                    rows, at + j * ldo);
        }
    }
}
