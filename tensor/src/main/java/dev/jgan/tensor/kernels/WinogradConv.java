package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Parallel;

/**
 * Forward pass and input gradient of 3x3, stride-1, undilated convolutions by Winograd's algorithm F(m x m, 3x3):
 * {@link WinogradF4} (4x fewer multiply-adds than the direct convolution; relative L2 error
 * about 3e-6 against float64 with 512 input channels) or {@link WinogradF2} (2.25x fewer, error
 * like the direct convolution's). The output is cut into m x m tiles, tile rows numbered
 * image-major; n = (m + 2)^2 components per tile. The weights are transformed into n matrices
 * U[ξ] [Cout, Cin], a panel of output channels at a time, each panel packed for the GEMM while
 * in cache; per block of whole tile rows the input tiles are transformed into n matrices
 * V[ξ] [Cin, tiles] (stored [Cin][n][tiles]), the n products
 * M[ξ] = U[ξ] V[ξ] (stored [Cout][n][tiles]) run through {@link Gemm#sgemm}, and M is
 * transformed back into y, bias added. Storing each channel's components together keeps the
 * transforms' streams within a few kilobytes of each other.
 *
 * <p>Threads: with enough blocks, each thread takes a run of blocks and does all of their
 * work on its own scratch; otherwise blocks run in order, their transforms split by channel
 * and their products by component. When every tile fits in one block, threads instead take
 * runs of output channels, transforming those channels' weights themselves. Blocks and chunks
 * depend only on the shape, and the GEMM gives the same bits for any thread count and any
 * split of its rows, so the result does too.
 *
 * <p>The input gradient is the forward pass of another such convolution ({@link #inputGradientGeometry}):
 * dy convolved with each kernel rotated by 180 degrees, input and output channels swapped, padding
 * 2 - p. The rotated kernels are read straight from w on their way to the weight transform ({@link WinogradKernels}).
 */
final class WinogradConv {
    /** Whether the convolutions it suits take this path ({@code -Djgan.conv.winograd=false} turns it off, for comparisons). */
    static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("jgan.conv.winograd", "true").trim());
    /** Tiles a block aims for: wide enough for the GEMM's register tile, small enough for V and M to stay in cache. */
    static final int BLOCK_TILES = Integer.getInteger("jgan.conv.winograd.tiles", 128);
    /** Most floats of V and M together in one block, unless a single tile row needs more. */
    private static final int BLOCK_FLOATS = 1 << 21;
    /** Output channels whose weights one thread transforms and multiplies at a time when all tiles make one block. */
    static final int CHANNEL_CHUNK = Integer.getInteger("jgan.conv.winograd.chunk", 64);
    /** The algorithm: F(4x4, 3x3), or F(2x2, 3x3) with {@code -Djgan.conv.winograd.tile=2}. */
    static final WinogradTransform TRANSFORM = Integer.getInteger("jgan.conv.winograd.tile", 4) == 2
            ? WinogradF2.INSTANCE : WinogradF4.INSTANCE;
    /** Fewest input and output channels this path takes. */
    static final int MIN_CHANNELS = Integer.getInteger("jgan.conv.winograd.channels", 8);
    /**
     * Fewest output positions (over all images) this path takes; below them transforming every
     * weight each call, and products too narrow for the GEMM's register tile, cost more than the
     * saved multiply-adds (measured on one AVX-512 core: from 64x64 it wins for 8 to 512 channels,
     * at 32x32 only from 64 channels, at 16x16 it breaks even at best).
     */
    static final int MIN_POSITIONS = Integer.getInteger("jgan.conv.winograd.positions", 4096);
    /** Fewest output positions when both channel counts reach {@link #WIDE_CHANNELS}. */
    static final int MIN_WIDE_POSITIONS = 1024;
    static final int WIDE_CHANNELS = 64;
    /**
     * Below {@link #MIN_WIDE_POSITIONS}, convolutions with at least this many channels on both sides
     * and {@link #MIN_DEEP_POSITIONS} positions still gain by F(2x2, 3x3): the lowered GEMM would
     * repack all their weights (9.4 MB at 512 channels) and materialise the im2col on every call
     * (measured with bench/ab on BigGAN's 512 channels at 16x16, batch 1).
     */
    static final int DEEP_CHANNELS = 512;
    static final int MIN_DEEP_POSITIONS = 256;

    private WinogradConv() {}

    /** Whether {@link ConvLowering#forward} should take this path for {@code g}. */
    static boolean handles(ConvGeometry g) {
        int channels = Math.min(g.inChannels(), g.outChannels());
        long positions = (long) g.images() * g.outPlane();
        return ENABLED && fits(g) && channels >= MIN_CHANNELS
                && (positions >= MIN_POSITIONS || channels >= WIDE_CHANNELS && positions >= MIN_WIDE_POSITIONS
                || deep(g));
    }

    /** Whether {@code g} is taken only for its many channels, with F(2x2, 3x3). */
    static boolean deep(ConvGeometry g) {
        long positions = (long) g.images() * g.outPlane();
        return Math.min(g.inChannels(), g.outChannels()) >= DEEP_CHANNELS && positions >= MIN_DEEP_POSITIONS
                && positions < MIN_WIDE_POSITIONS;
    }

    /** Whether {@link #forward} can compute {@code g}: a 3x3 kernel, stride 1, no dilation, at least one image. */
    static boolean fits(ConvGeometry g) {
        ConvSpec s = g.spec();
        return s.kernelH() == 3 && s.kernelW() == 3 && s.strideH() == 1 && s.strideW() == 1
                && s.dilationH() == 1 && s.dilationW() == 1 && g.images() > 0;
    }

    /** y = conv(x, w) + bias (bias may be null), for a geometry that {@link #fits}. */
    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        forward(g, algorithm(g), x, null, new WinogradKernels(w, false), bias, y);
    }

    /** Whether {@link ConvLowering#backwardInput} should take this path for {@code g}: its forward would for the flipped convolution. */
    static boolean handlesBackwardInput(ConvGeometry g) {
        return fits(g) && g.spec().padH() <= 2 && g.spec().padW() <= 2 && handles(inputGradientGeometry(g));
    }

    /**
     * The convolution whose forward pass is g's input gradient: dx = conv(dy, w') with
     * w'[ci][co][a][b] = w[co][ci][2 - a][2 - b] and padding 2 - p, so that dx[ci, i, j] =
     * sum over co, a, b of w[co, ci, a, b] dy[co, i + p - a, j + p - b].
     */
    static ConvGeometry inputGradientGeometry(ConvGeometry g) {
        ConvSpec s = g.spec();
        ConvSpec flipped = new ConvSpec(3, 3, 1, 1, 2 - s.padH(), 2 - s.padW(), 1, 1);
        return new ConvGeometry(g.images(), g.outChannels(), g.outH(), g.outW(), g.inChannels(), g.inH(), g.inW(),
                flipped);
    }

    /** dx = conv^T(dy, w) + bias (bias may be null), overwriting dx, for a geometry {@link #handlesBackwardInput} takes. */
    static void backwardInput(ConvGeometry g, float[] dy, float[] w, float[] bias, float[] dx) {
        ConvGeometry t = inputGradientGeometry(g);
        forward(t, algorithm(t), dy, null, new WinogradKernels(w, true), bias, dx);
    }

    /**
     * y = conv(relu(norm(x)), w) + bias, with norm's per image and channel constants ({@link NormRelu}),
     * or, when {@code upsampled}, y = conv(nearest2x(relu(norm(x))), w) + bias with g describing the
     * up-sampled input: the input rows each block stages are normalised (and repeated) on the way, so
     * the normalised input is never stored whole, and the bits are those of {@link NormRelu#forwardInto}
     * (then {@link Upsample#nearest2xInto}) followed by {@link #forward}.
     */
    static void forwardNormalised(ConvGeometry g, float[] x, NormRelu.Coefficients norm, boolean upsampled, float[] w,
                                  float[] bias, float[] y) {
        forward(g, algorithm(g), x, new InputRows(norm, upsampled), new WinogradKernels(w, false), bias, y);
    }

    private static WinogradTransform algorithm(ConvGeometry g) {
        return deep(g) ? WinogradF2.INSTANCE : TRANSFORM;
    }

    /** The same with a given algorithm; rows null for an input taken as it is. */
    static void forward(ConvGeometry g, WinogradTransform f, float[] x, InputRows rows, WinogradKernels w,
                        float[] bias, float[] y) {
        Tiling t = new Tiling(g, f, rows);
        int tileRows = g.images() * t.tilesH;
        int blocks = (tileRows + t.rowsPerBlock - 1) / t.rowsPerBlock;
        if (blocks == 1) {
            byOutputChannels(t, x, w, bias, y);
            return;
        }
        int cIn = g.inChannels();
        int cOut = g.outChannels();
        int components = f.components();
        // every block multiplies by the same U[ξ]: packed once here rather than by each block's products
        GemmTile tile = GemmTile.DEFAULT;
        GemmPackedA[] u = layout(components, cOut, cIn, ConvScratch.get());
        Parallel.forRange((cOut + tile.mr - 1) / tile.mr, Grain.units(Grain.CHEAP, tile.mr * components * cIn),
                (q0, q1) -> packWeights(f, w, cIn, cOut, q0 * tile.mr, Math.min(cOut, q1 * tile.mr), 0, u));
        long flopsPerBlock = 2L * components * cIn * cOut * t.tilesW * ((long) tileRows / blocks);
        int parts = ConvPlan.parts(blocks, flopsPerBlock);
        ConvPlan.forEachPart(blocks, parts, (part, from, to) -> {
            for (int b = from; b < to; b++) {
                block(t, x, u, bias, y, Parallel.chunkStart(tileRows, blocks, b),
                        Parallel.chunkStart(tileRows, blocks, b + 1));
            }
        });
    }

    /** Tile rows [r0, r1): transform the input tiles, multiply, transform back into y. */
    private static void block(Tiling t, float[] x, GemmPackedA[] u, float[] bias, float[] y, int r0, int r1) {
        int cIn = t.g.inChannels();
        int cOut = t.g.outChannels();
        int tiles = (r1 - r0) * t.tilesW;
        int components = t.f.components();
        ConvScratch scratch = ConvScratch.get();
        float[] v = scratch.columns(components * cIn * tiles);
        float[] m = scratch.staging(components * cOut * tiles);
        int minChannels = Grain.units(Grain.CHEAP, components * tiles);
        Parallel.forRange(cIn, minChannels, (c0, c1) -> inputs(t, x, r0, r1, c0, c1, v));
        Parallel.forRange(components, 1, (k0, k1) -> {
            for (int k = k0; k < k1; k++) {
                products(u[k], k, components, tiles, v, m);
            }
        });
        Parallel.forRange(cOut, minChannels, (c0, c1) -> outputs(t, m, 0, r0, r1, c0, c1, bias, y));
    }

    /**
     * Every tile in one block (few tiles, usually many channels): the input is transformed and packed
     * for the products once, then each thread takes runs of (at most) {@link #CHANNEL_CHUNK} output
     * channels and transforms their weights itself, so the transformed weights are used while still
     * in cache instead of being written out whole and read back.
     */
    private static void byOutputChannels(Tiling t, float[] x, WinogradKernels w, float[] bias, float[] y) {
        int cIn = t.g.inChannels();
        int cOut = t.g.outChannels();
        int tileRows = t.g.images() * t.tilesH;
        int tiles = tileRows * t.tilesW;
        int components = t.f.components();
        ConvScratch caller = ConvScratch.get();
        float[] v = caller.columns(components * cIn * tiles);
        Parallel.forRange(cIn, Grain.units(Grain.CHEAP, components * tiles),
                (c0, c1) -> inputs(t, x, 0, tileRows, c0, c1, v));
        // every run of channels multiplies by the same V[ξ]: packed once here rather than by each run's products
        GemmPackedB[] vb = new GemmPackedB[components];
        int size = GemmPackedB.size(GemmTile.DEFAULT, cIn, tiles);
        float[] storage = caller.packedInputs(components * size);
        Parallel.forRange(components, 1, (k0, k1) -> {
            for (int k = k0; k < k1; k++) {
                vb[k] = GemmPackedB.pack(GemmTile.DEFAULT, false, cIn, tiles, v, k * tiles, components * tiles,
                        storage, k * size);
            }
        });
        // narrower runs when there would be fewer than threads (any split of the rows gives the same bits)
        int perThread = (cOut + Parallel.threads() - 1) / Parallel.threads();
        int chunk = Math.min(CHANNEL_CHUNK, (perThread + 7) / 8 * 8);
        int chunks = (cOut + chunk - 1) / chunk;
        long flopsPerChunk = 2L * components * cIn * chunk * tiles;
        Parallel.forRange(chunks, ConvPlan.minUnits(flopsPerChunk), (k0, k1) -> {
            ConvScratch scratch = ConvScratch.get();
            for (int k = k0; k < k1; k++) {
                int co0 = k * chunk;
                int co1 = Math.min(cOut, co0 + chunk);
                GemmPackedA[] u = layout(components, co1 - co0, cIn, scratch);
                float[] m = scratch.staging(components * (co1 - co0) * tiles);
                packWeights(t.f, w, cIn, cOut, co0, co1, co0, u);
                for (int c = 0; c < components; c++) {
                    Gemm.sgemm(u[c], vb[c], 0f, m, c * tiles, components * tiles);
                }
                outputs(t, m, co0, 0, tileRows, co0, co1, bias, y);
            }
        });
    }

    /** The n matrices U[ξ] [rows, cIn], laid out one after another over the thread's packing scratch. */
    private static GemmPackedA[] layout(int components, int rows, int cIn, ConvScratch scratch) {
        int size = GemmPackedA.size(GemmTile.DEFAULT, rows, cIn);
        float[] storage = scratch.packed(components * size);
        GemmPackedA[] u = new GemmPackedA[components];
        for (int c = 0; c < components; c++) {
            u[c] = GemmPackedA.empty(GemmTile.DEFAULT, rows, cIn, storage, c * size);
        }
        return u;
    }

    /**
     * U[ξ] for output channels [co0, co1) packed into u[ξ], whose row 0 is channel {@code first}
     * (co0 - first a multiple of MR): two panels of MR channels at a time are transformed into the
     * thread's scratch and packed while still in cache.
     */
    private static void packWeights(WinogradTransform f, WinogradKernels w, int cIn, int cOut, int co0, int co1,
                                    int first, GemmPackedA[] u) {
        ConvScratch scratch = ConvScratch.get();
        // two row panels at a time: the packing transposes their 16 rows in registers
        int step = 2 * GemmTile.DEFAULT.mr;
        int components = f.components();
        float[] panel = scratch.transformed(step * components * cIn);
        float[] temp = scratch.temporary(f.temporary());
        for (int p0 = co0; p0 < co1; p0 += step) {
            int p1 = Math.min(co1, p0 + step);
            f.weights(w, cIn, cOut, p0, p1, panel, p0, temp);
            for (int c = 0; c < components; c++) {
                u[c].packRows(false, panel, c * cIn, components * cIn, p0 - first, p1 - p0);
            }
        }
    }

    /**
     * M[ξ] = U[ξ] V[ξ]: [rows, tiles] from the packed [rows, cIn] times [cIn, tiles], M and V
     * stored with their components together.
     */
    private static void products(GemmPackedA u, int component, int components, int tiles, float[] v, float[] m) {
        Gemm.sgemm(u, tiles, Gemm.panels(false, v, component * tiles, components * tiles), 0f,
                m, component * tiles, components * tiles);
    }

    /** V for input channels [c0, c1) of tile rows [r0, r1), one channel's rows staged at a time. */
    static void inputs(Tiling t, float[] x, int r0, int r1, int c0, int c1, float[] v) {
        ConvGeometry g = t.g;
        WinogradTransform f = t.f;
        int m = f.tile();
        int tiles = (r1 - r0) * t.tilesW;
        int ld = t.tilesW + 1;
        int maxRows = m * Math.min(r1 - r0, t.tilesH) + 2;
        ConvScratch scratch = ConvScratch.get();
        float[] staged = scratch.rows(m * maxRows * ld);
        float[] temp = scratch.temporary(f.temporary());
        float[] normalised = t.rows == null ? null : scratch.sourceRows(maxRows * g.inW() + g.inW() / 2);
        for (int c = c0; c < c1; c++) {
            for (int r = r0; r < r1; ) {
                int image = r / t.tilesH;
                int th0 = r - image * t.tilesH;
                int th1 = Math.min(t.tilesH, th0 + r1 - r);
                int y0 = m * th0 - g.spec().padH();
                int rowCount = m * (th1 - th0) + 2;
                int plane = (image * g.inChannels() + c) * g.inPlane();
                if (t.rows == null) {
                    f.stageRows(x, plane, g.inH(), g.inW(), y0, rowCount, g.spec().padW(), staged, ld);
                } else {
                    // the rows inside the image, prepared in a buffer whose row 0 is input row y0
                    t.rows.prepare(g, x, image * g.inChannels() + c, Math.max(0, y0),
                            Math.min(g.inH(), y0 + rowCount), y0, normalised);
                    f.stageRows(normalised, -y0 * g.inW(), g.inH(), g.inW(), y0, rowCount, g.spec().padW(), staged,
                            ld);
                }
                for (int th = th0; th < th1; th++) {
                    f.inputRow(staged, ld, m * (th - th0), t.tilesW,
                            v, c * f.components() * tiles + (r - r0 + th - th0) * t.tilesW, tiles, temp);
                }
                r += th1 - th0;
            }
        }
    }

    /** y for output channels [c0, c1) of tile rows [r0, r1) from M (whose first rows are channel {@code first}), bias added. */
    private static void outputs(Tiling t, float[] mm, int first, int r0, int r1, int c0, int c1, float[] bias,
                                float[] y) {
        ConvGeometry g = t.g;
        WinogradTransform f = t.f;
        int m = f.tile();
        int tiles = (r1 - r0) * t.tilesW;
        float[] temp = ConvScratch.get().temporary(f.temporary());
        for (int c = c0; c < c1; c++) {
            float b = bias == null ? 0f : bias[c];
            for (int r = r0; r < r1; r++) {
                int image = r / t.tilesH;
                int oh = m * (r - image * t.tilesH);
                f.outputRow(mm, (c - first) * f.components() * tiles + (r - r0) * t.tilesW, tiles, t.tilesW, b,
                        y, ((image * g.outChannels() + c) * g.outH() + oh) * g.outW(), g.outW(),
                        Math.min(m, g.outH() - oh), temp);
            }
        }
    }

    /**
     * How the input rows a block stages are made from x: normalised with norm's constants, and repeated
     * (x's rows and columns each twice) when {@code upsampled}, g then describing the up-sampled input.
     */
    record InputRows(NormRelu.Coefficients norm, boolean upsampled) {
        /**
         * Input rows [first, end) of image-channel plane p into buf, row y at (y - y0) inW; when
         * up-sampled, the last inW / 2 floats of buf hold a source row on the way.
         */
        void prepare(ConvGeometry g, float[] x, int p, int first, int end, int y0, float[] buf) {
            int w = g.inW();
            float mu = norm.mean()[p], invstd = norm.invstd()[p], gain = norm.gain()[p], shift = norm.shift()[p];
            if (!upsampled) {
                NormRelu.normalize(x, p * g.inPlane() + first * w, buf, (first - y0) * w, Math.max(0, end - first) * w,
                        mu, invstd, gain, shift);
                return;
            }
            int half = w / 2;
            int source = p * (g.inH() / 2) * half;
            int row = buf.length - half;
            for (int y = first; y < end; y++) {
                int at = (y - y0) * w;
                if (y > first && y % 2 == 1) {
                    // up-sampled rows 2 i and 2 i + 1 are both source row i
                    System.arraycopy(buf, at - w, buf, at, w);
                    continue;
                }
                NormRelu.normalize(x, source + y / 2 * half, buf, row, half, mu, invstd, gain, shift);
                Upsample.repeatRow(buf, row, buf, at, half);
            }
        }
    }

    /** The output's tiles, how many tile rows a block takes, and how its input rows are made (null: x as it is). */
    static final class Tiling {
        final ConvGeometry g;
        final WinogradTransform f;
        final InputRows rows;
        final int tilesH;
        final int tilesW;
        final int rowsPerBlock;

        Tiling(ConvGeometry g, WinogradTransform f, InputRows rows) {
            this.g = g;
            this.f = f;
            this.rows = rows;
            tilesH = (g.outH() + f.tile() - 1) / f.tile();
            tilesW = (g.outW() + f.tile() - 1) / f.tile();
            long floatsPerRow = (long) f.components() * (g.inChannels() + g.outChannels()) * tilesW;
            rowsPerBlock = (int) Math.max(1, Math.min(BLOCK_TILES / tilesW, BLOCK_FLOATS / floatsPerRow));
        }
    }
}
