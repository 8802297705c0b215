package dev.jgan.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.reference.ReferenceGemm;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GemmTest {
    private static final double TOLERANCE = 1e-5;
    private static final float PAD = -7.25f;

    /** One product: sizes, layout padding and scalars; {@link #check} runs it against the reference. */
    private record Case(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta,
                        int offset, int ldPad) {
        @Override
        public String toString() {
            return (transA ? "T" : "N") + (transB ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k
                    + " alpha=" + alpha + " beta=" + beta + " offset=" + offset + " ldPad=" + ldPad;
        }
    }

    @Test
    void smallAndOddShapesInAllTransposeCombinations() {
        int[] sizes = {1, 2, 3, 7, 13, 17, 31, 33, 65};
        Rng rng = new Rng(11);
        for (int m : sizes) {
            for (int n : sizes) {
                int k = sizes[rng.nextInt(sizes.length)];
                for (int t = 0; t < 4; t++) {
                    check(GemmTile.DEFAULT, new Case((t & 1) != 0, (t & 2) != 0, m, n, k, 1f, 0f, 0, 0), rng);
                }
            }
        }
    }

    @Test
    void everyTileShapeAroundItsEdges() {
        Rng rng = new Rng(12);
        for (GemmTile tile : GemmTile.values()) {
            int[] ms = {1, tile.mr - 1, tile.mr, tile.mr + 1, 3 * tile.mr + 2};
            int[] ns = {1, tile.nr - 1, tile.nr, tile.nr + 1, 2 * tile.nr + 3};
            for (int m : ms) {
                for (int n : ns) {
                    if (m < 1 || n < 1) {
                        continue;
                    }
                    int k = 1 + rng.nextInt(40);
                    int t = rng.nextInt(4);
                    check(tile, new Case((t & 1) != 0, (t & 2) != 0, m, n, k, 0.75f, 0.5f, 3, 2), rng);
                }
            }
        }
    }

    @Test
    void primeSizesWithAlphaBetaOffsetsAndPaddedRows() {
        Rng rng = new Rng(13);
        int[] primes = {5, 11, 29, 37, 67, 97, 129};
        float[][] scalars = {{1f, 0f}, {1f, 1f}, {-0.5f, 2f}, {1.5f, -1f}};
        for (int trial = 0; trial < 24; trial++) {
            int m = primes[rng.nextInt(primes.length)];
            int n = primes[rng.nextInt(primes.length)];
            int k = primes[rng.nextInt(primes.length)];
            float[] s = scalars[trial % scalars.length];
            check(GemmTile.DEFAULT, new Case(rng.nextInt(2) == 1, rng.nextInt(2) == 1, m, n, k, s[0], s[1],
                    1 + rng.nextInt(9), 1 + rng.nextInt(6)), rng);
        }
    }

    @Test
    void largeShapesCrossingTheCacheBlocks() {
        Rng rng = new Rng(14);
        int mc = GemmDriver.MC;
        int kc = GemmDriver.KC;
        int nc = GemmDriver.NC;
        check(GemmTile.DEFAULT, new Case(false, false, 2 * mc + 5, 70, 2 * kc + 17, 1f, 0.5f, 2, 3), rng);
        check(GemmTile.DEFAULT, new Case(true, true, mc + 3, 61, kc + 1, -1f, 0f, 0, 1), rng);
        check(GemmTile.DEFAULT, new Case(false, true, 5, nc + 37, kc + 9, 1f, 1f, 4, 0), rng);
        check(GemmTile.DEFAULT, new Case(true, false, 9, nc + 3, 40, 2f, 0f, 0, 5), rng);
    }

    @Test
    void betaZeroIgnoresNaNInC() {
        Rng rng = new Rng(15);
        for (GemmTile tile : new GemmTile[] {GemmTile.DEFAULT, GemmTile.R4V2}) {
            int m = 2 * tile.mr + 1;
            int n = tile.nr + 5;
            int k = 19;
            float[] a = random(rng, m * k);
            float[] b = random(rng, k * n);
            float[] c = new float[m * n];
            Arrays.fill(c, Float.NaN);
            Gemm.sgemm(tile, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
            float[] expected = new float[m * n];
            ReferenceGemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, expected, 0, n);
            assertClose(expected, c, "beta=0 over NaN, tile " + tile);
        }
    }

    @Test
    void matrixVectorProductsAndRankOneUpdates() {
        // m, n or k equal to 1 takes the unpacked matrix-vector path
        int[] sizes = {1, 2, 3, 7, 17, 31, 64, 65, 130, 301};
        Rng rng = new Rng(17);
        for (int other : sizes) {
            for (int third : sizes) {
                for (int one = 0; one < 3; one++) {
                    int m = one == 0 ? 1 : other;
                    int n = one == 1 ? 1 : (one == 0 ? other : third);
                    int k = one == 2 ? 1 : third;
                    int t = rng.nextInt(4);
                    boolean accumulate = rng.nextInt(2) == 0;
                    check(GemmTile.DEFAULT, new Case((t & 1) != 0, (t & 2) != 0, m, n, k, 1.5f,
                            accumulate ? 0.5f : 0f, 3, 1 + rng.nextInt(3)), rng);
                }
            }
        }
    }

    @Test
    void matrixVectorPathsIgnoreNaNInCWhenBetaIsZeroAndRepeatBits() {
        Rng rng = new Rng(18);
        int[][] shapes = {{1, 6272, 128}, {128, 1, 6272}, {128, 6272, 1}, {64, 1, 8192}, {1, 97, 33}};
        for (int[] shape : shapes) {
            int m = shape[0];
            int n = shape[1];
            int k = shape[2];
            for (int t = 0; t < 4; t++) {
                boolean transA = (t & 1) != 0;
                boolean transB = (t & 2) != 0;
                float[] a = random(rng, m * k);
                float[] b = random(rng, k * n);
                float[] c = new float[m * n];
                Arrays.fill(c, Float.NaN);
                Gemm.sgemm(transA, transB, m, n, k, 1f, a, 0, transA ? m : k, b, 0, transB ? k : n, 0f, c, 0, n);
                float[] expected = new float[m * n];
                ReferenceGemm.sgemm(transA, transB, m, n, k, 1f, a, 0, transA ? m : k, b, 0, transB ? k : n,
                        0f, expected, 0, n);
                assertClose(expected, c, "beta=0 over NaN, m=" + m + " n=" + n + " k=" + k + " trans " + t);
                float[] nested = new float[m * n];
                Parallel.forRange(Parallel.threads(), 1, (start, end) -> {
                    if (start == 0) {
                        Gemm.sgemm(transA, transB, m, n, k, 1f, a, 0, transA ? m : k, b, 0, transB ? k : n,
                                0f, nested, 0, n);
                    }
                });
                assertArrayEquals(c, nested, "nested call bits, m=" + m + " n=" + n + " k=" + k);
            }
        }
    }

    @Test
    void alphaZeroOrEmptyDepthOnlyScalesC() {
        float[] nanA = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        float[] c = {1f, 2f, 3f, 4f};
        Gemm.sgemm(false, false, 2, 2, 2, 0f, nanA, 0, 2, nanA, 0, 2, 3f, c, 0, 2);
        assertArrayEquals(new float[] {3f, 6f, 9f, 12f}, c);
        Gemm.sgemm(false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[4], c);
    }

    @Test
    void nestedCallsGiveTheSameBitsAsParallelOnes() {
        Rng rng = new Rng(16);
        int m = 301;
        int n = 203;
        int k = 150;
        float[] a = random(rng, m * k);
        float[] b = random(rng, k * n);
        float[] parallel = new float[m * n];
        Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, parallel, 0, n);
        float[] nested = new float[m * n];
        Parallel.forRange(Parallel.threads(), 1, (start, end) -> {
            if (start == 0) {
                Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, nested, 0, n);
            }
        });
        assertArrayEquals(parallel, nested);
        float[] wide = new float[n * m];
        float[] tall = new float[n * m];
        Gemm.sgemm(true, true, n, m, k, 1f, b, 0, n, a, 0, k, 0f, wide, 0, m);
        ReferenceGemm.sgemm(true, true, n, m, k, 1f, b, 0, n, a, 0, k, 0f, tall, 0, m);
        assertClose(tall, wide, "transposed product");
    }

    @Test
    void batchedProductsWithGapsAndASharedOperand() {
        Rng rng = new Rng(17);
        for (int batch : new int[] {1, 3, 8}) {
            int m = 13;
            int n = 37;
            int k = 21;
            int lda = k + 2;
            int ldc = n + 1;
            int strideA = m * lda + 5;
            int strideC = m * ldc + 3;
            float[] a = random(rng, 4 + batch * strideA);
            float[] b = random(rng, 2 + k * n);
            float[] c = random(rng, 1 + batch * strideC);
            float[] expected = c.clone();
            Gemm.sgemmBatched(false, false, m, n, k, 1.25f, a, 4, lda, strideA, b, 2, n, 0,
                    0.5f, c, 1, ldc, strideC, batch);
            for (int i = 0; i < batch; i++) {
                ReferenceGemm.sgemm(false, false, m, n, k, 1.25f, a, 4 + i * strideA, lda, b, 2, n,
                        0.5f, expected, 1 + i * strideC, ldc);
            }
            assertClose(expected, c, "batch " + batch);
        }
        int batch = 2;
        int m = 40;
        int n = 70;
        int k = 33;
        float[] a = random(rng, batch * k * m);
        float[] b = random(rng, batch * n * k);
        float[] c = new float[batch * m * n];
        float[] expected = new float[batch * m * n];
        Gemm.sgemmBatched(true, true, m, n, k, 1f, a, 0, m, k * m, b, 0, k, n * k, 0f, c, 0, n, m * n, batch);
        for (int i = 0; i < batch; i++) {
            ReferenceGemm.sgemm(true, true, m, n, k, 1f, a, i * k * m, m, b, i * n * k, k,
                    0f, expected, i * m * n, n);
        }
        assertClose(expected, c, "batched transposes");
    }

    @Test
    void panelSourceSuppliesBBlockByBlock() {
        Rng rng = new Rng(18);
        int[][] shapes = {
            {7, 2 * GemmTile.DEFAULT.nr + 5, GemmDriver.KC + 3},
            {3, GemmDriver.NC + 5, GemmDriver.KC + 1},
            {GemmDriver.MC + 9, 11, 5},
        };
        for (int[] shape : shapes) {
            int m = shape[0];
            int n = shape[1];
            int k = shape[2];
            float[] a = random(rng, m * k);
            float[] b = random(rng, k * n);
            GemmPanelSource source = (p0, kc, j0, nc, dst, nr) -> {
                for (int q = 0; q * nr < nc; q++) {
                    for (int p = 0; p < kc; p++) {
                        for (int j = 0; j < nr; j++) {
                            int col = q * nr + j;
                            dst[q * nr * kc + p * nr + j] = col < nc ? b[(p0 + p) * n + j0 + col] : 0f;
                        }
                    }
                }
            };
            float[] c = random(rng, m * n);
            float[] expected = c.clone();
            Gemm.sgemm(false, m, n, k, 0.5f, a, 0, k, source, 2f, c, 0, n);
            ReferenceGemm.sgemm(false, false, m, n, k, 0.5f, a, 0, k, b, 0, n, 2f, expected, 0, n);
            assertClose(expected, c, "panel source " + Arrays.toString(shape));
        }
    }

    @Test
    void badArgumentsNameTheOperand() {
        float[] x = new float[12];
        IllegalArgumentException ld = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 3, 4, 4, 1f, x, 0, 3, x, 0, 4, 0f, x, 0, 4));
        assertTrue(ld.getMessage().startsWith("A:"), ld.getMessage());
        IndexOutOfBoundsException size = assertThrows(IndexOutOfBoundsException.class,
                () -> Gemm.sgemm(false, false, 3, 4, 3, 1f, x, 0, 3, x, 0, 4, 0f, x, 1, 4));
        assertTrue(size.getMessage().startsWith("C:"), size.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, -1, 4, 3, 1f, x, 0, 3, x, 0, 4, 0f, x, 0, 4));
        IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemmBatched(false, false, 2, 2, 2, 1f, x, 0, 2, 4, x, 0, 2, 0,
                        0f, new float[8], 0, 2, 3, 2));
        assertTrue(overlap.getMessage().contains("strideC"), overlap.getMessage());
    }

    /** Runs the case on the given tile and on the reference; also checks C outside the product is untouched. */
    private static void check(GemmTile tile, Case t, Rng rng) {
        int aRows = t.transA ? t.k : t.m;
        int aCols = t.transA ? t.m : t.k;
        int bRows = t.transB ? t.n : t.k;
        int bCols = t.transB ? t.k : t.n;
        int lda = aCols + t.ldPad;
        int ldb = bCols + t.ldPad;
        int ldc = t.n + t.ldPad;
        float[] a = random(rng, t.offset + aRows * lda);
        float[] b = random(rng, t.offset + bRows * ldb);
        float[] c = random(rng, t.offset + t.m * ldc);
        for (int i = 0; i < t.m; i++) {
            Arrays.fill(c, t.offset + i * ldc + t.n, t.offset + (i + 1) * ldc, PAD);
        }
        float[] expected = c.clone();
        Gemm.sgemm(tile, t.transA, t.transB, t.m, t.n, t.k, t.alpha, a, t.offset, lda, b, t.offset, ldb,
                t.beta, c, t.offset, ldc);
        ReferenceGemm.sgemm(t.transA, t.transB, t.m, t.n, t.k, t.alpha, a, t.offset, lda, b, t.offset, ldb,
                t.beta, expected, t.offset, ldc);
        assertClose(region(expected, t.offset, ldc, t.m, t.n), region(c, t.offset, ldc, t.m, t.n), tile + " " + t);
        for (int i = 0; i < t.offset; i++) {
            assertEquals(expected[i], c[i], "value before the offset changed: " + t);
        }
        for (int i = 0; i < t.m; i++) {
            for (int j = t.n; j < ldc; j++) {
                assertEquals(PAD, c[t.offset + i * ldc + j], "row padding changed: " + t);
            }
        }
    }

    private static float[] region(float[] x, int offset, int ld, int rows, int cols) {
        float[] r = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(x, offset + i * ld, r, i * cols, cols);
        }
        return r;
    }

    private static float[] random(Rng rng, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = rng.nextFloat() * 2f - 1f;
        }
        return x;
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Float.isFinite(actual[i]), what + ": non-finite value at " + i);
            double d = (double) actual[i] - expected[i];
            diff += d * d;
            norm += (double) expected[i] * expected[i];
        }
        double rel = Math.sqrt(diff / Math.max(norm, 1e-30));
        assertTrue(rel <= TOLERANCE, what + ": relative L2 error " + rel);
    }
}
