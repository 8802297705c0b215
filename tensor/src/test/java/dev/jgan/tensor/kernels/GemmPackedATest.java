package dev.jgan.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.reference.ReferenceGemm;
import org.junit.jupiter.api.Test;

class GemmPackedATest {

    @Test
    void packedAGivesTheSameBitsAsPackingInsideTheProduct() {
        Rng rng = new Rng(31);
        int[][] shapes = {
            {1, 5, 3}, {7, 3, 1}, {13, 2 * GemmTile.DEFAULT.nr + 5, 17},
            {GemmTile.DEFAULT.mr + 1, 40, GemmDriver.KC + 3},
            {GemmDriver.MC + 9, GemmDriver.NC + 7, 2 * GemmDriver.KC + 1},
            {3, 29, 2 * GemmDriver.KC - 5},
        };
        for (int[] shape : shapes) {
            for (boolean transA : new boolean[] {false, true}) {
                for (float beta : new float[] {0f, 0.5f}) {
                    check(rng, transA, shape[0], shape[1], shape[2], beta);
                }
            }
        }
    }

    @Test
    void threadCountDoesNotChangeTheBits() {
        Rng rng = new Rng(32);
        int m = 2 * GemmDriver.MC + 3;
        int n = 301;
        int k = GemmDriver.KC + 77;
        float[] a = random(rng, m * k);
        float[] b = random(rng, k * n);
        float[] storage = new float[GemmPackedA.size(GemmTile.DEFAULT, m, k)];
        GemmPackedA packed = GemmPackedA.pack(false, m, k, a, 0, k, storage, 0);
        float[] parallel = new float[m * n];
        Gemm.sgemm(packed, n, Gemm.panels(false, b, 0, n), 0f, parallel, 0, n);
        float[][] sequential = new float[1][m * n];
        Parallel.forRange(1, 1, (s, e) ->
                Gemm.sgemm(packed, n, Gemm.panels(false, b, 0, n), 0f, sequential[0], 0, n));
        assertArrayEquals(parallel, sequential[0]);
    }

    @Test
    void tooSmallStorageIsRefusedWithBothSizes() {
        float[] a = new float[6 * 5];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GemmPackedA.pack(false, 6, 5, a, 0, 5, new float[10], 0));
        assertTrue(e.getMessage().contains("10") && e.getMessage().contains("needs"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GemmPackedA.pack(false, 0, 5, a, 0, 5, new float[64], 0));
    }

    /** The packed product against Gemm.sgemm (bit for bit) and the float64 reference, A packed at an offset. */
    private static void check(Rng rng, boolean transA, int m, int n, int k, float beta) {
        int lda = (transA ? m : k) + 3;
        int aOffset = 5;
        float[] a = random(rng, aOffset + (transA ? k : m) * lda);
        float[] b = random(rng, k * n);
        float[] c = random(rng, m * n);
        int at = 11;
        float[] storage = random(rng, at + GemmPackedA.size(GemmTile.DEFAULT, m, k) + 4);
        float[] before = storage.clone();
        GemmPackedA packed = GemmPackedA.pack(transA, m, k, a, aOffset, lda, storage, at);
        for (int i = 0; i < at; i++) {
            assertTrue(storage[i] == before[i], "packing wrote before its offset");
        }
        float[] viaPacked = c.clone();
        Gemm.sgemm(packed, n, Gemm.panels(false, b, 0, n), beta, viaPacked, 0, n);
        float[] viaGemm = c.clone();
        Gemm.sgemm(GemmTile.DEFAULT, transA, m, n, k, 1f, a, aOffset, lda, Gemm.panels(false, b, 0, n),
                beta, viaGemm, 0, n);
        String what = (transA ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k + " beta=" + beta;
        assertArrayEquals(viaGemm, viaPacked, what);
        float[] expected = c.clone();
        ReferenceGemm.sgemm(transA, false, m, n, k, 1f, a, aOffset, lda, b, 0, n, beta, expected, 0, n);
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = (double) viaPacked[i] - expected[i];
            diff += d * d;
            norm += (double) expected[i] * expected[i];
        }
        assertTrue(Math.sqrt(diff / norm) <= 1e-5, what + ": relative L2 error " + Math.sqrt(diff / norm));
    }

    private static float[] random(Rng rng, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = rng.nextFloat() * 2f - 1f;
        }
        return x;
    }
}
