package dev.jgan.tensor.kernels;

/**
 * op(B) packed once into the micro-kernels' panel layout, for several products that share it
 * (the products of every run of a convolution's output channels with one matrix of transformed
 * inputs). Column block j (columns from j times {@link GemmDriver#columnStep}) over depth block b holds
 * what {@link GemmPacking#packB} writes for that block, at {@link #offset}; the products read
 * the same values in the same order as when they pack B themselves, so their results are
 * bit-identical to {@link Gemm#sgemm} on the unpacked B.
 */
final class GemmPackedB {
    final GemmTile tile;
    final int k;
    final int n;
    final float[] panels;
    private final int kStep;
    private final int ncStep;
    private final int base;

    private GemmPackedB(GemmTile tile, int k, int n, float[] panels, int base) {
        this.tile = tile;
        this.k = k;
        this.n = n;
        this.panels = panels;
        this.kStep = GemmDriver.depthStep(k);
        this.ncStep = GemmDriver.columnStep(tile);
        this.base = base;
    }

    /** Floats needed to pack a k x n op(B) for {@code tile}. */
    static int size(GemmTile tile, int k, int n) {
        return panelColumns(tile, n) * k;
    }

    /**
     * Packs the k x n matrix op(B) of b into {@code storage} from {@code at} ({@link #size} floats),
     * on the calling thread; the result keeps that range, which must stay untouched while it is in use.
     */
    static GemmPackedB pack(GemmTile tile, boolean transB, int k, int n, float[] b, int bOff, int ldb,
                            float[] storage, int at) {
        if (k <= 0 || n <= 0) {
            throw new IllegalArgumentException("packed B needs positive sizes, got k=" + k + ", n=" + n);
        }
        if (at < 0 || storage.length - at < size(tile, k, n)) {
            throw new IllegalArgumentException("packed B storage holds " + storage.length + " floats, needs "
                    + size(tile, k, n) + " from offset " + at);
        }
        GemmPackedB packed = new GemmPackedB(tile, k, n, storage, at);
        for (int jc = 0; jc < n; jc += packed.ncStep) {
            int nc = Math.min(packed.ncStep, n - jc);
            for (int pc = 0; pc < k; pc += packed.kStep) {
                int kc = Math.min(packed.kStep, k - pc);
                GemmPacking.packB(transB, b, bOff, ldb, pc, kc, jc, nc, storage, packed.offset(pc, jc), tile.nr);
            }
        }
        return packed;
    }

    /** Where the panels of the block over depth [pc, ...) and columns [jc, ...) begin (both block starts). */
    int offset(int pc, int jc) {
        int width = panelColumns(tile, Math.min(ncStep, n - jc));
        return base + jc * k + pc * width;
    }

    private static int panelColumns(GemmTile tile, int n) {
        return (n + tile.nr - 1) / tile.nr * tile.nr;
    }
}
