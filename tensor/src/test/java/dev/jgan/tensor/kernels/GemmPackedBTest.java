package dev.jgan.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import org.junit.jupiter.api.Test;

class GemmPackedBTest {

    /** Both operands packed beforehand give the bits of the product that packs B itself, over several column and depth blocks. */
    @Test
    void packedBGivesTheSameBitsAsPackingInsideTheProduct() {
        Rng rng = new Rng(41);
        int[][] shapes = {
            {1, 1, 1}, {7, 5, 3}, {13, 2 * GemmTile.DEFAULT.nr + 5, 17},
            {GemmTile.DEFAULT.mr + 1, GemmDriver.NC + 7, GemmDriver.KC + 3},
            {2 * GemmDriver.MC + 9, 2 * GemmDriver.NC + 40, 2 * GemmDriver.KC + 1},
        };
        for (int[] shape : shapes) {
            for (boolean transB : new boolean[] {false, true}) {
                for (float beta : new float[] {0f, 0.5f}) {
                    check(rng, transB, shape[0], shape[1], shape[2], beta);
                }
            }
        }
    }

    @Test
    void tooSmallStorageIsRefusedWithBothSizes() {
        float[] b = new float[5 * 6];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GemmPackedB.pack(GemmTile.DEFAULT, false, 5, 6, b, 0, 6, new float[10], 0));
        assertTrue(e.getMessage().contains("10") && e.getMessage().contains("needs"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> GemmPackedB.pack(GemmTile.DEFAULT, false, 5, 0, b, 0, 6, new float[640], 0));
    }

    @Test
    void mismatchedDepthsAreRefused() {
        float[] a = new float[4 * 5];
        float[] b = new float[6 * 3];
        GemmPackedA packedA = GemmPackedA.pack(false, 4, 5, a, 0, 5, new float[GemmPackedA.size(GemmTile.DEFAULT, 4, 5)], 0);
        GemmPackedB packedB = GemmPackedB.pack(GemmTile.DEFAULT, false, 6, 3, b, 0, 3,
                new float[GemmPackedB.size(GemmTile.DEFAULT, 6, 3)], 0);
        assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(packedA, packedB, 0f, new float[12], 0, 3));
    }

    /** op(A) op(B) + beta C with A and B packed at offsets against the same product packing B itself, bit for bit. */
    private static void check(Rng rng, boolean transB, int m, int n, int k, float beta) {
        float[] a = Tensor.uniform(rng, -1f, 1f, m * k).data();
        int ldb = (transB ? k : n) + 2;
        int bOffset = 3;
        float[] b = Tensor.uniform(rng, -1f, 1f, bOffset + (transB ? n : k) * ldb).data();
        float[] c = Tensor.uniform(rng, -1f, 1f, m * n).data();
        GemmPackedA packedA = GemmPackedA.pack(false, m, k, a, 0, k, new float[GemmPackedA.size(GemmTile.DEFAULT, m, k)], 0);
        int at = 7;
        float[] storage = Tensor.uniform(rng, -1f, 1f, at + GemmPackedB.size(GemmTile.DEFAULT, k, n) + 5).data();
        float[] before = storage.clone();
        GemmPackedB packedB = GemmPackedB.pack(GemmTile.DEFAULT, transB, k, n, b, bOffset, ldb, storage, at);
        for (int i = 0; i < at; i++) {
            assertTrue(storage[i] == before[i], "packing wrote before its offset");
        }
        for (int i = storage.length - 5; i < storage.length; i++) {
            assertTrue(storage[i] == before[i], "packing wrote past its size");
        }
        float[] viaPacked = c.clone();
        Gemm.sgemm(packedA, packedB, beta, viaPacked, 0, n);
        float[] viaPanels = c.clone();
        Gemm.sgemm(packedA, n, Gemm.panels(transB, b, bOffset, ldb), beta, viaPanels, 0, n);
        assertArrayEquals(viaPanels, viaPacked, (transB ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k + " beta=" + beta);
    }
}
