package dev.jgan.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.cuda.LaunchGeometry.GemmSize;
import dev.jgan.cuda.LaunchGeometry.Grid;
import dev.jgan.cuda.LaunchGeometry.SplitK;
import dev.jgan.tensor.Rng;
import org.junit.jupiter.api.Test;

/** Grid sizes, tile coverage and split-K ranges, checked on the CPU. */
class LaunchGeometryTest {
    private static final int[] SIZES = {1, 3, 5, 7, 13, 17, 31, 63, 64, 65, 127, 128, 129, 200};

    /**
     * Walks every block and thread of the float32 kernel's decomposition (thread t owns rows
     * 4(t / 16) .. +3 and columns 4(t % 16) .. +3 of its block's 64 x 64 tile) and checks that
     * the in-range elements of C are each written exactly once.
     */
    @Test
    void fp32ThreadBlocksCoverEveryOutputExactlyOnce() {
        assertEquals(LaunchGeometry.FP32_CONV_THREADS, (LaunchGeometry.TILE_M / 4) * (LaunchGeometry.TILE_N / 4));
        for (int m : SIZES) {
            for (int n : SIZES) {
                Grid grid = LaunchGeometry.convGrid(new GemmSize(m, n, 1), LaunchGeometry.TILE_M, 1);
                int[] writes = new int[m * n];
                for (int by = 0; by < grid.y(); by++) {
                    for (int bx = 0; bx < grid.x(); bx++) {
                        for (int t = 0; t < LaunchGeometry.FP32_CONV_THREADS; t++) {
                            int tx = t % 16, ty = t / 16;
                            for (int i = 0; i < 4; i++) {
                                for (int j = 0; j < 4; j++) {
                                    int row = by * LaunchGeometry.TILE_M + ty * 4 + i;
                                    int col = bx * LaunchGeometry.TILE_N + tx * 4 + j;
                                    if (row < m && col < n) {
                                        writes[row * n + col]++;
                                    }
                                }
                            }
                        }
                    }
                }
                for (int e = 0; e < writes.length; e++) {
                    assertEquals(1, writes[e], "C[" + e / n + "][" + e % n + "] of " + m + " x " + n);
                }
            }
        }
    }

    /**
     * The large float32 kernel (conv2d_fp32_large.cu): thread (tx, ty) of 16 x 16 owns rows 4ty + i and 64 + 4ty + i
     * and columns 4tx + j and 64 + 4tx + j (i, j < 4) of each 128 x 128 tile; every in-range element of C is
     * written exactly once.
     */
    @Test
    void largeFp32ThreadBlocksCoverEveryOutputExactlyOnce() {
        int half = LaunchGeometry.LARGE_TILE / 2;
        for (int m : new int[] {1, 64, 65, 128, 129, 300}) {
            for (int n : new int[] {1, 63, 128, 200, 257}) {
                Grid grid = LaunchGeometry.convGrid(new GemmSize(m, n, 1), LaunchGeometry.LARGE_TILE, 1);
                int[] writes = new int[m * n];
                for (int by = 0; by < grid.y(); by++) {
                    for (int bx = 0; bx < grid.x(); bx++) {
                        for (int t = 0; t < LaunchGeometry.FP32_LARGE_CONV_THREADS; t++) {
                            for (int i = 0; i < 8; i++) {
                                for (int j = 0; j < 8; j++) {
                                    int row = by * LaunchGeometry.LARGE_TILE + (i / 4) * half + (t / 16) * 4 + i % 4;
                                    int col = bx * LaunchGeometry.LARGE_TILE + (j / 4) * half + (t % 16) * 4 + j % 4;
                                    if (row < m && col < n) {
                                        writes[row * n + col]++;
                                    }
                                }
                            }
                        }
                    }
                }
                for (int e = 0; e < writes.length; e++) {
                    assertEquals(1, writes[e], "C[" + e / n + "][" + e % n + "] of " + m + " x " + n);
                }
            }
        }
    }

    @Test
    void largeTilesAreTakenWhenTheyFillTheGpu() {
        // BigGAN's 256-channel 3x3 layer at 32x32, batch 16: 2 x 128 large tiles fill 132 multiprocessors
        assertTrue(LaunchGeometry.largeTiles(new GemmSize(256, 16 * 32 * 32, 2304), 1, 132));
        // ... at batch 4: 2 x 32 = 64 large tiles do not
        assertTrue(!LaunchGeometry.largeTiles(new GemmSize(256, 4 * 32 * 32, 2304), 1, 132));
        // ... unless 4 phases run in the same launch: 4 x 2 x 16 = 128 < 132, 4 x 2 x 17 = 136
        assertTrue(!LaunchGeometry.largeTiles(new GemmSize(256, 16 * 128, 2304), 4, 132));
        assertTrue(LaunchGeometry.largeTiles(new GemmSize(256, 17 * 128, 2304), 4, 132));
        // 64 rows fit a small tile exactly: never large, however many columns
        assertTrue(!LaunchGeometry.largeTiles(new GemmSize(64, 1 << 20, 2304), 1, 132));
    }

    /** The tensor-core kernel: 4 warps in a 2 x 2 grid of 32 x 32 sub-tiles, each 2 x 2 WMMA tiles of 16 x 16. */
    @Test
    void tf32WarpTilesPartitionTheBlockTile() {
        int warps = LaunchGeometry.TF32_CONV_THREADS / 32;
        int[] writes = new int[LaunchGeometry.TILE_M * LaunchGeometry.TILE_N];
        for (int warp = 0; warp < warps; warp++) {
            int wm = warp / 2, wn = warp % 2;
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    for (int r = 0; r < 16; r++) {
                        for (int c = 0; c < 16; c++) {
                            writes[(wm * 32 + i * 16 + r) * LaunchGeometry.TILE_N + wn * 32 + j * 16 + c]++;
                        }
                    }
                }
            }
        }
        for (int count : writes) {
            assertEquals(1, count);
        }
        // staging: each thread moves the same number of A and B elements per slice
        assertEquals(0, LaunchGeometry.TILE_M * LaunchGeometry.TILE_K % LaunchGeometry.TF32_CONV_THREADS);
        assertEquals(0, LaunchGeometry.TILE_K * LaunchGeometry.TILE_N % LaunchGeometry.TF32_CONV_THREADS);
    }

    @Test
    void convGridIsTheSmallestCoveringGrid() {
        for (int m : SIZES) {
            for (int n : SIZES) {
                Grid grid = LaunchGeometry.convGrid(new GemmSize(m, n, 9), LaunchGeometry.TILE_M, 1);
                assertTrue((long) grid.x() * LaunchGeometry.TILE_N >= n && (grid.x() - 1) * LaunchGeometry.TILE_N < n);
                assertTrue((long) grid.y() * LaunchGeometry.TILE_M >= m && (grid.y() - 1) * LaunchGeometry.TILE_M < m);
                assertEquals(1, grid.z());
            }
        }
    }

    @Test
    void gemmGridCoversTheTilesOfEveryBatchItem() {
        for (int m : SIZES) {
            for (int n : SIZES) {
                Grid grid = LaunchGeometry.gemmGrid(m, n, 3);
                assertEquals(LaunchGeometry.convGrid(new GemmSize(m, n, 1), LaunchGeometry.TILE_M, 1).x(), grid.x());
                assertEquals(LaunchGeometry.convGrid(new GemmSize(m, n, 1), LaunchGeometry.TILE_M, 1).y(), grid.y());
                assertEquals(3, grid.z());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> LaunchGeometry.gemmGrid(1, 1, 65536));
    }

    @Test
    void planeGridGivesEveryPlaneABlockRowAndEveryValueAThread() {
        for (int plane : new int[] {1, 16, 255, 256, 257, 65536}) {
            Grid grid = LaunchGeometry.planeGrid(7, plane);
            assertEquals(7, grid.x());
            assertEquals((plane + 255) / 256, grid.y());
        }
        assertEquals(LaunchGeometry.MAX_GRID_YZ, LaunchGeometry.planeGrid(1, Integer.MAX_VALUE).y());
    }

    @Test
    void gridsOutsideTheCudaLimitsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> LaunchGeometry.convGrid(new GemmSize(65536 * LaunchGeometry.TILE_M, 1, 1), LaunchGeometry.TILE_M, 1));
        assertThrows(IllegalArgumentException.class, () -> new Grid(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new GemmSize(1, 0, 1));
    }

    @Test
    void splitKRangesAreWholeSlicesAndNeverEmpty() {
        Rng rng = new Rng(7);
        for (int trial = 0; trial < 2000; trial++) {
            GemmSize gemm = new GemmSize(1 + rng.nextInt(300), 1 + rng.nextInt(3000), 1 + rng.nextInt(200_000));
            int multiprocessors = 1 + rng.nextInt(200);
            int tile = rng.nextInt(2) == 0 ? LaunchGeometry.TILE_M : LaunchGeometry.LARGE_TILE;
            int groups = 1 + rng.nextInt(9);
            SplitK split = LaunchGeometry.splitK(gemm, tile, groups, multiprocessors);
            String what = groups + " x " + gemm + " in tiles of " + tile + " on " + multiprocessors + " SMs: " + split;
            assertEquals(0, split.chunk() % LaunchGeometry.TILE_K, what);
            assertTrue((long) split.splits() * split.chunk() >= gemm.k(), what);
            assertTrue((long) (split.splits() - 1) * split.chunk() < gemm.k(), what);
            assertTrue(split.splits() >= 1 && (long) split.splits() * groups <= LaunchGeometry.MAX_GRID_YZ, what);
            if (split.splits() > 1) {
                assertTrue(split.chunk() >= LaunchGeometry.MIN_SPLIT_K, what);
                long blocks = LaunchGeometry.convGrid(gemm, tile, groups * split.splits()).blocks();
                assertTrue(blocks <= 2L * LaunchGeometry.BLOCKS_PER_MULTIPROCESSOR * multiprocessors, what);
            }
        }
    }

    @Test
    void splitKFillsTheGpuForAWeightGradient() {
        // dw of a 3x3 convolution 64 -> 64 channels over 64 x 32 x 32 outputs: 9 tiles, K = 65536
        SplitK split = LaunchGeometry.splitK(new GemmSize(64, 576, 65536), LaunchGeometry.TILE_M, 1, 132);
        assertEquals(29, split.splits());
        assertEquals(2272, split.chunk());
        // enough tiles already: no split
        assertEquals(1, LaunchGeometry.splitK(new GemmSize(512, 8192, 65536), LaunchGeometry.TILE_M, 1, 132).splits());
    }

    @Test
    void elementwiseGridCoversOrCapsTheElements() {
        assertEquals(1, LaunchGeometry.elementwiseGrid(0).x());
        assertEquals(1, LaunchGeometry.elementwiseGrid(1).x());
        assertEquals(1, LaunchGeometry.elementwiseGrid(256).x());
        assertEquals(2, LaunchGeometry.elementwiseGrid(257).x());
        assertEquals(LaunchGeometry.MAX_ELEMENTWISE_BLOCKS, LaunchGeometry.elementwiseGrid(Integer.MAX_VALUE).x());
    }
}
