package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Parallel;

/**
 * op(A) packed once into the micro-kernels' panel layout, for several products that share
 * it (a convolution's weights across its groups of images and its threads). Depth block b
 * (rows of op(A) over depth [b kStep, b kStep + kc)) holds the MR-row panels of all m rows, as
 * {@link GemmPacking#packA} lays them out; panel q starts at {@code b * panelRows * kStep + q * MR * kc} from the storage offset,
 * so the rows of a block that starts at a multiple of MR are one contiguous run.
 *
 * <p>The products read it in the same order and with the same values as when they pack
 * A themselves, so their results are bit-identical to {@link Gemm#sgemm} on the unpacked A.
 */
final class GemmPackedA {
    final GemmTile tile;
    final int m;
    final int k;
    /** Depth of every block but possibly the last ({@link GemmDriver#depthStep}). */
    final int kStep;
    final float[] panels;
    private final int base;
    private final int blockSize;

    private GemmPackedA(GemmTile tile, int m, int k, float[] panels, int base) {
        this.tile = tile;
        this.m = m;
        this.k = k;
        this.kStep = GemmDriver.depthStep(k);
        this.panels = panels;
        this.base = base;
        this.blockSize = panelRows(tile, m) * kStep;
    }

    /** Floats needed to pack an m x k op(A) for {@code tile}. */
    static int size(GemmTile tile, int m, int k) {
        int kStep = GemmDriver.depthStep(k);
        int blocks = (k + kStep - 1) / kStep;
        return panelRows(tile, m) * kStep * blocks;
    }

    /** {@link #pack(GemmTile, boolean, int, int, float[], int, int, float[], int)} with the default tile. */
    static GemmPackedA pack(boolean transA, int m, int k, float[] a, int aOff, int lda, float[] storage, int at) {
        return pack(GemmTile.DEFAULT, transA, m, k, a, aOff, lda, storage, at);
    }

    /**
     * Packs the m x k matrix op(A) into {@code storage} from {@code at} ({@link #size} floats),
     * which the result keeps: that range must stay untouched while the result is in use.
     */
    static GemmPackedA pack(GemmTile tile, boolean transA, int m, int k, float[] a, int aOff, int lda,
                            float[] storage, int at) {
        GemmPackedA packed = empty(tile, m, k, storage, at);
        int panels = (m + tile.mr - 1) / tile.mr;
        // threads take runs of row panels; each panel's values do not depend on who packs it
        Parallel.forRange(panels, Grain.units(Grain.CHEAP, tile.mr * k), (q0, q1) -> {
            int row0 = q0 * tile.mr;
            int rows = Math.min(m, q1 * tile.mr) - row0;
            packed.packRows(transA, a, aOff + (transA ? row0 : row0 * lda), lda, row0, rows);
        });
        return packed;
    }

    /**
     * An m x k op(A) laid out over {@code storage} from {@code at} ({@link #size} floats) but not
     * yet filled: the caller packs every row panel with {@link #packRows} before using it.
     */
    static GemmPackedA empty(GemmTile tile, int m, int k, float[] storage, int at) {
        if (m <= 0 || k <= 0) {
            throw new IllegalArgumentException("packed A needs positive sizes, got m=" + m + ", k=" + k);
        }
        if (at < 0 || storage.length - at < size(tile, m, k)) {
            throw new IllegalArgumentException("packed A storage holds " + storage.length + " floats, needs "
                    + size(tile, m, k) + " from offset " + at);
        }
        return new GemmPackedA(tile, m, k, storage, at);
    }

    /**
     * Packs rows [row0, row0 + rows) of op(A) (row0 a multiple of MR, rows reaching a multiple of MR or m),
     * given as rows [0, rows) of op(a) from {@code aOff}.
     */
    void packRows(boolean transA, float[] a, int aOff, int lda, int row0, int rows) {
        for (int pc = 0; pc < k; pc += kStep) {
            int kc = Math.min(kStep, k - pc);
            GemmPacking.packA(transA, a, aOff, lda, 0, rows, pc, kc, panels, offset(pc, row0), tile.mr);
        }
    }

    /** Where the panels of rows [row, ...) over the depth block starting at {@code pc} begin (row a multiple of MR). */
    int offset(int pc, int row) {
        int kc = Math.min(kStep, k - pc);
        return base + pc / kStep * blockSize + row * kc;
    }

    private static int panelRows(GemmTile tile, int m) {
        return (m + tile.mr - 1) / tile.mr * tile.mr;
    }
}
