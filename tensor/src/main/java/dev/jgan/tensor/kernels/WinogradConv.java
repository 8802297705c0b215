package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Parallel;

/**
 * Forward pass of 3x3, stride-1, undilated convolutions by Winograd's F(2x2, 3x3)
 * ({@link WinogradF2}), 2.25x fewer multiply-adds than the direct convolution. The output is
 * cut into 2x2 tiles, tile rows numbered image-major. Per call the weights are transformed
 * into 16 matrices U[ξ] [Cout, Cin] (stored [Cout][16][Cin]); then per block of whole tile rows
 * the input tiles are transformed into 16 matrices V[ξ] [Cin, tiles] (stored [Cin][16][tiles]),
 * the 16 products M[ξ] = U[ξ] V[ξ] (stored [Cout][16][tiles]) run through {@link Gemm#sgemm}, and
 * M is transformed back into y, bias added. Storing each channel's 16 components together keeps
 * the transforms' 16 streams within a few kilobytes of each other.
 *
 * <p>Threads: with enough blocks, each thread takes a run of blocks and does all of their
 * work on its own scratch; otherwise blocks run in order, their transforms split by channel
 * and their products by component. Blocks depend only on the shape, and the GEMM gives the
 * same bits for any thread count, so the result does too.
 */
final class WinogradConv {
    /** Whether the convolutions it suits take this path ({@code -Djgan.conv.winograd=false} turns it off, for comparisons). */
    static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("jgan.conv.winograd", "true").trim());
    /** Tiles a block aims for: wide enough for the GEMM's register tile, small enough for V and M to stay in cache. */
    static final int BLOCK_TILES = Integer.getInteger("jgan.conv.winograd.tiles", 128);
    /** Most floats of V and M together in one block, unless a single tile row needs more. */
    private static final int BLOCK_FLOATS = 1 << 20;
    private static final int COMPONENTS = WinogradF2.COMPONENTS;
    /** Fewest input and output channels for which the products beat the lowered convolution's one GEMM. */
    static final int MIN_CHANNELS = Integer.getInteger("jgan.conv.winograd.channels", 32);
    /**
     * Fewest tiles (over all images) for which it pays: below this the products are too narrow
     * for the GEMM's register tile, and transforming every weight each call costs more than it saves.
     */
    static final int MIN_TILES = Integer.getInteger("jgan.conv.winograd.mintiles", 256);

    private WinogradConv() {}

    /** Whether {@link ConvLowering#forward} should take this path for {@code g}. */
    static boolean handles(ConvGeometry g) {
        return ENABLED && fits(g) && Math.min(g.inChannels(), g.outChannels()) >= MIN_CHANNELS
                && (long) g.images() * ((g.outH() + 1) / 2) * ((g.outW() + 1) / 2) >= MIN_TILES;
    }

    /** Whether {@link #forward} can compute {@code g}: a 3x3 kernel, stride 1, no dilation, at least one image. */
    static boolean fits(ConvGeometry g) {
        ConvSpec s = g.spec();
        return s.kernelH() == 3 && s.kernelW() == 3 && s.strideH() == 1 && s.strideW() == 1
                && s.dilationH() == 1 && s.dilationW() == 1 && g.images() > 0;
    }

    /** y = conv(x, w) + bias (bias may be null), for a geometry that {@link #fits}. */
    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        Tiling t = new Tiling(g);
        int cIn = g.inChannels();
        int cOut = g.outChannels();
        float[] u = ConvScratch.get().transformed(COMPONENTS * cOut * cIn);
        Parallel.forRange(cOut, Grain.units(Grain.CHEAP, COMPONENTS * cIn),
                (c0, c1) -> WinogradF2.weights(w, cIn, u, c0, c1));
        int tileRows = g.images() * t.tilesH;
        int blocks = (tileRows + t.rowsPerBlock - 1) / t.rowsPerBlock;
        long flopsPerBlock = 2L * COMPONENTS * cIn * cOut * t.tilesW * ((long) tileRows / blocks);
        int parts = ConvPlan.parts(blocks, flopsPerBlock);
        ConvPlan.forEachPart(blocks, parts, (part, from, to) -> {
            for (int b = from; b < to; b++) {
                block(t, x, u, bias, y, Parallel.chunkStart(tileRows, blocks, b),
                        Parallel.chunkStart(tileRows, blocks, b + 1));
            }
        });
    }

    /** Tile rows [r0, r1): transform the input tiles, multiply, transform back into y. */
    private static void block(Tiling t, float[] x, float[] u, float[] bias, float[] y, int r0, int r1) {
        int cIn = t.g.inChannels();
        int cOut = t.g.outChannels();
        int tiles = (r1 - r0) * t.tilesW;
        ConvScratch scratch = ConvScratch.get();
        float[] v = scratch.columns(COMPONENTS * cIn * tiles);
        float[] m = scratch.staging(COMPONENTS * cOut * tiles);
        int minChannels = Grain.units(Grain.CHEAP, COMPONENTS * tiles);
        Parallel.forRange(cIn, minChannels, (c0, c1) -> inputs(t, x, r0, r1, c0, c1, v));
        Parallel.forRange(COMPONENTS, 1, (k0, k1) -> {
            for (int k = k0; k < k1; k++) {
                // M[ξ] = U[ξ] V[ξ]
                Gemm.sgemm(false, false, cOut, tiles, cIn, 1f, u, k * cIn, COMPONENTS * cIn,
                        v, k * tiles, COMPONENTS * tiles, 0f, m, k * tiles, COMPONENTS * tiles);
            }
        });
        Parallel.forRange(cOut, minChannels, (c0, c1) -> outputs(t, m, r0, r1, c0, c1, bias, y));
    }

    /** V for input channels [c0, c1) of tile rows [r0, r1), one channel's rows staged at a time. */
    private static void inputs(Tiling t, float[] x, int r0, int r1, int c0, int c1, float[] v) {
        ConvGeometry g = t.g;
        int tiles = (r1 - r0) * t.tilesW;
        int ld = t.tilesW + 1;
        int maxRows = WinogradF2.TILE * Math.min(r1 - r0, t.tilesH) + 2;
        float[] staged = ConvScratch.get().rows(2 * maxRows * ld);
        for (int c = c0; c < c1; c++) {
            for (int r = r0; r < r1; ) {
                int image = r / t.tilesH;
                int th0 = r - image * t.tilesH;
                int th1 = Math.min(t.tilesH, th0 + r1 - r);
                WinogradF2.stageRows(x, (image * g.inChannels() + c) * g.inPlane(), g.inH(), g.inW(),
                        WinogradF2.TILE * th0 - g.spec().padH(), WinogradF2.TILE * (th1 - th0) + 2, g.spec().padW(),
                        staged, ld);
                for (int th = th0; th < th1; th++) {
                    WinogradF2.inputRow(staged, ld, WinogradF2.TILE * (th - th0), t.tilesW,
                            v, c * COMPONENTS * tiles + (r - r0 + th - th0) * t.tilesW, tiles);
                }
                r += th1 - th0;
            }
        }
    }

    /** y for output channels [c0, c1) of tile rows [r0, r1) from M, bias added. */
    private static void outputs(Tiling t, float[] m, int r0, int r1, int c0, int c1, float[] bias, float[] y) {
        ConvGeometry g = t.g;
        int tiles = (r1 - r0) * t.tilesW;
        for (int c = c0; c < c1; c++) {
            float b = bias == null ? 0f : bias[c];
            for (int r = r0; r < r1; r++) {
                int image = r / t.tilesH;
                int oh = WinogradF2.TILE * (r - image * t.tilesH);
                WinogradF2.outputRow(m, c * COMPONENTS * tiles + (r - r0) * t.tilesW, tiles, t.tilesW, b,
                        y, ((image * g.outChannels() + c) * g.outH() + oh) * g.outW(), g.outW(), oh + 1 < g.outH());
            }
        }
    }

    /** The output's tiles and how many tile rows a block takes. */
    private static final class Tiling {
        final ConvGeometry g;
        final int tilesH;
        final int tilesW;
        final int rowsPerBlock;

        Tiling(ConvGeometry g) {
            this.g = g;
            tilesH = (g.outH() + WinogradF2.TILE - 1) / WinogradF2.TILE;
            tilesW = (g.outW() + WinogradF2.TILE - 1) / WinogradF2.TILE;
            long floatsPerRow = (long) COMPONENTS * (g.inChannels() + g.outChannels()) * tilesW;
            rowsPerBlock = (int) Math.max(1, Math.min(BLOCK_TILES / tilesW, BLOCK_FLOATS / floatsPerRow));
        }
    }
}
