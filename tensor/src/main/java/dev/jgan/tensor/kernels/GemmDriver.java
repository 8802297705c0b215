package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Parallel;

/**
 * Goto/BLIS-style blocked GEMM: op(B) is packed in KC x NC blocks, op(A) in MC x KC
 * blocks, and the micro-kernel sweeps the packed blocks tile by tile. The work is split
 * between threads along the longer of m and n in whole tiles, each thread packing its
 * own panels into buffers it keeps between calls; A may also come packed beforehand
 * ({@link GemmPackedA}) when several products share it.
 *
 * <p>Every element of C sees the same sequence of operations whatever the thread count,
 * so results are bit-identical for any number of threads.
 */
final class GemmDriver {
    /**
     * Deepest depth block. Deep blocks mean few passes over C: with one block each C tile is
     * written once, while every further block reads it back from beyond L1 (1024 against 256:
     * 8-13 % faster sgemm and conv passes on one AVX-512 core, although an 8 x 1024 A
     * micro-panel then fills a 32 KiB L1 and B streams from L2).
     */
    static final int KC = Integer.getInteger("jgan.gemm.kc", 1024);
    static final int MC = Integer.getInteger("jgan.gemm.mc", 128);
    static final int NC = Integer.getInteger("jgan.gemm.nc", 768);
    static final boolean ROWS_INNER = Boolean.getBoolean("jgan.gemm.rowsinner");
    /** Below this many flops per thread, splitting costs more than it saves. */
    private static final long MIN_TASK_FLOPS = 1L << 22;

    private static final ThreadLocal<GemmBuffers> BUFFERS = ThreadLocal.withInitial(GemmBuffers::new);

    private GemmDriver() {}

    /** C = alpha * op(A) * op(B) + beta * C for m, n, k > 0 and alpha != 0; arguments already checked. */
    static void multiply(GemmTile tile, boolean transA, int m, int n, int k, float alpha,
                         float[] a, int aOff, int lda, GemmPanelSource b,
                         float beta, float[] c, int cOff, int ldc) {
        multiply(tile, transA, null, m, n, k, alpha, a, aOff, lda, b, null, beta, c, cOff, ldc);
    }

    /** C = A * B + beta * C with A packed beforehand; n > 0, arguments already checked. */
    static void multiply(GemmPackedA a, int n, GemmPanelSource b, float beta, float[] c, int cOff, int ldc) {
        multiply(a.tile, false, a, a.m, n, a.k, 1f, null, 0, 0, b, null, beta, c, cOff, ldc);
    }

    /** C = A * B + beta * C with both packed beforehand; arguments already checked. */
    static void multiply(GemmPackedA a, GemmPackedB b, float beta, float[] c, int cOff, int ldc) {
        multiply(a.tile, false, a, a.m, b.n, a.k, 1f, null, 0, 0, null, b, beta, c, cOff, ldc);
    }

    /** Width of the column blocks B is packed in. */
    static int columnStep(GemmTile tile) {
        return Math.max(tile.nr, NC / tile.nr * tile.nr);
    }

    /** Depth of the blocks a product over depth k is cut into: at most KC, as even as possible. */
    static int depthStep(int k) {
        int kBlocks = (k + KC - 1) / KC;
        return (k + kBlocks - 1) / kBlocks;
    }

    /** B from a packer, or (b null) packed beforehand; a packed B is shared, so threads split the rows. */
    private static void multiply(GemmTile tile, boolean transA, GemmPackedA packed, int m, int n, int k, float alpha,
                                 float[] a, int aOff, int lda, GemmPanelSource b, GemmPackedB packedB,
                                 float beta, float[] c, int cOff, int ldc) {
        if (m >= n || packedB != null) {
            int tiles = (m + tile.mr - 1) / tile.mr;
            int minChunk = minChunk(2L * tile.mr * n * k);
            Parallel.forRange(tiles, minChunk, (start, end) -> blocked(tile, transA, packed,
                    start * tile.mr, Math.min(m, end * tile.mr), 0, n, k, alpha,
                    a, aOff, lda, b, packedB, beta, c, cOff, ldc));
        } else {
            int tiles = (n + tile.nr - 1) / tile.nr;
            int minChunk = minChunk(2L * tile.nr * m * k);
            Parallel.forRange(tiles, minChunk, (start, end) -> blocked(tile, transA, packed,
                    0, m, start * tile.nr, Math.min(n, end * tile.nr), k, alpha,
                    a, aOff, lda, b, null, beta, c, cOff, ldc));
        }
    }

    private static int minChunk(long flopsPerTile) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (MIN_TASK_FLOPS + flopsPerTile - 1) / flopsPerTile));
    }

    /**
     * Rows [i0, i1) by columns [j0, j1) of C, on the calling thread; A's blocks come from
     * {@code packed} when it is given, else they are packed here from {@code a}.
     */
    private static void blocked(GemmTile tile, boolean transA, GemmPackedA packed, int i0, int i1, int j0, int j1,
                                int k, float alpha, float[] a, int aOff, int lda, GemmPanelSource b,
                                GemmPackedB packedB, float beta, float[] c, int cOff, int ldc) {
        int mcStep = Math.max(tile.mr, MC / tile.mr * tile.mr);
        int ncStep = columnStep(tile);
        int kStep = depthStep(k);
        GemmBuffers buffers = BUFFERS.get().reserve(tile, packed == null ? mcStep : 0, kStep,
                packedB == null ? ncStep : 0);
        if (beta != 0f && beta != 1f) {
            Gemm.scale(i1 - i0, j1 - j0, beta, c, cOff + i0 * ldc + j0, ldc);
        }
        for (int jc = j0; jc < j1; jc += ncStep) {
            int nc = Math.min(ncStep, j1 - jc);
            for (int pc = 0; pc < k; pc += kStep) {
                int kc = Math.min(kStep, k - pc);
                float[] bPanels = buffers.b;
                int bAt = 0;
                if (packedB == null) {
                    b.pack(pc, kc, jc, nc, bPanels, tile.nr);
                } else {
                    bPanels = packedB.panels;
                    bAt = packedB.offset(pc, jc);
                }
                boolean accumulate = pc > 0 || beta != 0f;
                for (int ic = i0; ic < i1; ic += mcStep) {
                    int mc = Math.min(mcStep, i1 - ic);
                    float[] aPanels = buffers.a;
                    int aAt = 0;
                    if (packed == null) {
                        GemmPacking.packA(transA, a, aOff, lda, ic, mc, pc, kc, aPanels, 0, tile.mr);
                        if (alpha != 1f) {
                            GemmPacking.scale(aPanels, (mc + tile.mr - 1) / tile.mr * tile.mr * kc, alpha);
                        }
                    } else {
                        aPanels = packed.panels;
                        aAt = packed.offset(pc, ic);
                    }
                    macroKernel(tile, kc, mc, nc, aPanels, aAt, bPanels, bAt, buffers, accumulate, c,
                            cOff + ic * ldc + jc, ldc);
                }
            }
        }
    }

    /** The mc x nc block of C at {@code cBase} from the packed blocks in {@code buffers}. */
    private static void macroKernel(GemmTile tile, int kc, int mc, int nc, float[] aPanels, int aAt, float[] bPanels,
                                    int bAt, GemmBuffers buffers, boolean accumulate, float[] c, int cBase, int ldc) {
        int mr = tile.mr;
        int nr = tile.nr;
        if (ROWS_INNER) {
            for (int jr = 0; jr < nc; jr += nr) {
                for (int ir = 0; ir < mc; ir += mr) {
                    microTile(tile, kc, ir, jr, mc, nc, aPanels, aAt, bPanels, bAt, buffers, accumulate, c, cBase, ldc);
                }
            }
        } else {
            for (int ir = 0; ir < mc; ir += mr) {
                for (int jr = 0; jr < nc; jr += nr) {
                    microTile(tile, kc, ir, jr, mc, nc, aPanels, aAt, bPanels, bAt, buffers, accumulate, c, cBase, ldc);
                }
            }
        }
    }

    private static void microTile(GemmTile tile, int kc, int ir, int jr, int mc, int nc, float[] aPanels, int aAt,
                                  float[] bPanels, int bAt, GemmBuffers buffers, boolean accumulate, float[] c,
                                  int cBase, int ldc) {
        int rows = Math.min(tile.mr, mc - ir);
        int cols = Math.min(tile.nr, nc - jr);
        int cAt = cBase + ir * ldc + jr;
        if (rows == tile.mr && cols == tile.nr) {
            tile.run(kc, aPanels, aAt + ir * kc, bPanels, bAt + jr * kc, accumulate, c, cAt, ldc);
            return;
        }
        // partial tile: the same kernel on a full-size copy of C's part, then the part copied back
        float[] edge = buffers.edge;
        if (accumulate) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(c, cAt + r * ldc, edge, r * tile.nr, cols);
            }
        }
        tile.run(kc, aPanels, aAt + ir * kc, bPanels, bAt + jr * kc, accumulate, edge, 0, tile.nr);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(edge, r * tile.nr, c, cAt + r * ldc, cols);
        }
    }
}
