package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Weight gradient of 3x3, stride-1, undilated convolutions by Winograd's F(2x2, 3x3), the
 * transpose of {@link WinogradF2}'s forward pass. A tile's output is Y = A^T [(G g G^T) .* V] A
 * with V = B^T d B; its gradient to the kernel g is G^T [V .* (A dY A^T)] G. Summed over the
 * tiles of every image: dW[co][ci] = G^T M[co][ci] G with, per component ξ of the 4x4 domain,
 * M[ξ] [Cout, Cin] = P[ξ] [Cout, tiles] V[ξ]^T [tiles, Cin], P = A dY A^T: 16 products of the
 * length of the tiles instead of 9 taps by positions multiply-adds (2.25x fewer).
 *
 * <p>Tile rows go in blocks, in order: per block, V as {@link WinogradConv}'s forward pass makes it
 * (split by input channel), P (split by output channel), then the 16 products added onto M
 * ({@link Gemm#sgemmBatched}, split by component). Blocks depend only on the shape and every M[ξ]
 * takes the blocks in order, so the bits do not depend on the thread count. Transforms use only
 * additions, subtractions and halvings; the sums over tiles run in the GEMM, in float32.
 */
final class WinogradWeightGradient {
    /** Tiles a block aims for: a long enough reduction for the GEMM, V and P still in L2. */
    private static final int BLOCK_TILES = 256;
    private static final WinogradF2 F = WinogradF2.INSTANCE;
    private static final int COMPONENTS = 16;
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();

    private WinogradWeightGradient() {}

    /**
     * Whether {@link ConvLowering#backwardWeight} should take this path for {@code g}: where the forward
     * pass takes {@link WinogradConv}, except the deep layers it takes for their channels alone, whose
     * few positions make the products' reductions too short (bench/ab, 2 threads: BigGAN's 256 channels
     * at 32x32 1.65x faster than the lowered GEMM, 512 at 16x16 1.25x slower).
     */
    static boolean handles(ConvGeometry g) {
        return WinogradConv.handles(g) && !WinogradConv.deep(g);
    }

    /** dw = sum over images of the weight gradient, overwriting dw, for a geometry that {@link WinogradConv#fits}. */
    static void backwardWeight(ConvGeometry g, float[] dy, float[] x, float[] dw) {
        WinogradConv.Tiling t = new WinogradConv.Tiling(g, F, null);
        int cIn = g.inChannels();
        int cOut = g.outChannels();
        int tileRows = g.images() * t.tilesH;
        int rowsPerBlock = Math.max(1, BLOCK_TILES / t.tilesW);
        ConvScratch scratch = ConvScratch.get();
        float[] m = scratch.partials(COMPONENTS * cOut * cIn);
        for (int r0 = 0; r0 < tileRows; r0 += rowsPerBlock) {
            int r1 = Math.min(tileRows, r0 + rowsPerBlock);
            int tiles = (r1 - r0) * t.tilesW;
            float[] v = scratch.columns(COMPONENTS * cIn * tiles);
            float[] p = scratch.staging(COMPONENTS * cOut * tiles);
            int from = r0;
            int minChannels = Grain.units(Grain.CHEAP, COMPONENTS * tiles);
            Parallel.forRange(cIn, minChannels, (c0, c1) -> WinogradConv.inputs(t, x, from, r1, c0, c1, v));
            Parallel.forRange(cOut, minChannels, (c0, c1) -> gradients(t, dy, from, r1, c0, c1, p));
            // M[ξ] (+)= P[ξ] V[ξ]^T: P and V hold a channel's 16 components together, `tiles` apart
            Gemm.sgemmBatched(false, true, cOut, cIn, tiles, 1f, p, 0, COMPONENTS * tiles, tiles,
                    v, 0, COMPONENTS * tiles, tiles, r0 == 0 ? 0f : 1f, m, 0, cIn, cOut * cIn, COMPONENTS);
        }
        Parallel.forRange(cOut, Grain.units(Grain.CHEAP, 64 * cIn), (c0, c1) -> kernels(m, cOut, cIn, c0, c1, dw));
    }

    /** P = A dY A^T for output channels [c0, c1) of tile rows [r0, r1), stored [channel][16][tiles]. */
    private static void gradients(WinogradConv.Tiling t, float[] dy, int r0, int r1, int c0, int c1, float[] p) {
        ConvGeometry g = t.g;
        int tiles = (r1 - r0) * t.tilesW;
        int ld = t.tilesW;
        float[] staged = ConvScratch.get().rows(4 * ld);
        for (int c = c0; c < c1; c++) {
            for (int r = r0; r < r1; r++) {
                int image = r / t.tilesH;
                int th = r - image * t.tilesH;
                int plane = (image * g.outChannels() + c) * g.outPlane();
                // the tile row's two output rows, split by column phase (zeros past the plane)
                F.stageRows(dy, plane, g.outH(), g.outW(), 2 * th, 2, 0, staged, ld);
                gradientRow(staged, ld, t.tilesW, p, c * COMPONENTS * tiles + (r - r0) * t.tilesW, tiles);
            }
        }
    }

    /**
     * P = A dY A^T for one tile row: with A = [[1,0],[1,1],[1,-1],[0,-1]], rows of A dY are (y0j),
     * (y0j + y1j), (y0j - y1j), (-y1j), and each row (c0, c1) becomes (c0, c0 + c1, c0 - c1, -c1).
     * Tile tw's dY[i][j] is staged[(2 i + j) ld + tw]; component ξ goes to p[at + ξ stride + tw].
     */
    private static void gradientRow(float[] staged, int ld, int tiles, float[] p, int at, int stride) {
        int bound = Vectors.loopBound(tiles);
        int tw = 0;
        for (; tw < bound; tw += L) {
            FloatVector y00 = FloatVector.fromArray(S, staged, tw);
            FloatVector y01 = FloatVector.fromArray(S, staged, ld + tw);
            FloatVector y10 = FloatVector.fromArray(S, staged, 2 * ld + tw);
            FloatVector y11 = FloatVector.fromArray(S, staged, 3 * ld + tw);
            int out = at + tw;
            FloatVector c0 = y00, c1 = y01;
            c0.intoArray(p, out);
            c0.add(c1).intoArray(p, out + stride);
            c0.sub(c1).intoArray(p, out + 2 * stride);
            c1.neg().intoArray(p, out + 3 * stride);
            c0 = y00.add(y10);
            c1 = y01.add(y11);
            c0.intoArray(p, out + 4 * stride);
            c0.add(c1).intoArray(p, out + 5 * stride);
            c0.sub(c1).intoArray(p, out + 6 * stride);
            c1.neg().intoArray(p, out + 7 * stride);
            c0 = y00.sub(y10);
            c1 = y01.sub(y11);
            c0.intoArray(p, out + 8 * stride);
            c0.add(c1).intoArray(p, out + 9 * stride);
            c0.sub(c1).intoArray(p, out + 10 * stride);
            c1.neg().intoArray(p, out + 11 * stride);
            c0 = y10.neg();
            c1 = y11.neg();
            c0.intoArray(p, out + 12 * stride);
            c0.add(c1).intoArray(p, out + 13 * stride);
            c0.sub(c1).intoArray(p, out + 14 * stride);
            c1.neg().intoArray(p, out + 15 * stride);
        }
        for (; tw < tiles; tw++) {
            float y00 = staged[tw], y01 = staged[ld + tw], y10 = staged[2 * ld + tw], y11 = staged[3 * ld + tw];
            int out = at + tw;
            gradientRowOf(y00, y01, p, out, stride);
            gradientRowOf(y00 + y10, y01 + y11, p, out + 4 * stride, stride);
            gradientRowOf(y00 - y10, y01 - y11, p, out + 8 * stride, stride);
            gradientRowOf(-y10, -y11, p, out + 12 * stride, stride);
        }
    }

    /** One row (c0, c1) of A dY times A^T: (c0, c0 + c1, c0 - c1, -c1) to p[out + k stride]. */
    private static void gradientRowOf(float c0, float c1, float[] p, int out, int stride) {
        p[out] = c0;
        p[out + stride] = c0 + c1;
        p[out + 2 * stride] = c0 - c1;
        p[out + 3 * stride] = -c1;
    }

    /**
     * dw[co][ci] = G^T M G for output channels [c0, c1), M[ξ][co][ci] at m[(ξ cOut + co) cIn + ci]:
     * with G = [[1,0,0],[½,½,½],[½,-½,½],[0,0,1]], a column (e0, e1, e2, e3) goes to
     * (e0 + (e1 + e2) / 2, (e1 - e2) / 2, (e1 + e2) / 2 + e3), first down the columns, then along the rows.
     */
    private static void kernels(float[] m, int cOut, int cIn, int c0, int c1, float[] dw) {
        int plane = cOut * cIn;
        float[] t = new float[12];
        for (int co = c0; co < c1; co++) {
            for (int ci = 0; ci < cIn; ci++) {
                int at = co * cIn + ci;
                for (int j = 0; j < 4; j++) {
                    float e0 = m[at + j * plane], e1 = m[at + (4 + j) * plane];
                    float e2 = m[at + (8 + j) * plane], e3 = m[at + (12 + j) * plane];
                    t[j] = e0 + (e1 + e2) * 0.5f;
                    t[4 + j] = (e1 - e2) * 0.5f;
                    t[8 + j] = (e1 + e2) * 0.5f + e3;
                }
                int out = at * 9;
                for (int a = 0; a < 3; a++) {
                    float e0 = t[4 * a], e1 = t[4 * a + 1], e2 = t[4 * a + 2], e3 = t[4 * a + 3];
                    dw[out + 3 * a] = e0 + (e1 + e2) * 0.5f;
                    dw[out + 3 * a + 1] = (e1 - e2) * 0.5f;
                    dw[out + 3 * a + 2] = (e1 + e2) * 0.5f + e3;
                }
            }
        }
    }
}
