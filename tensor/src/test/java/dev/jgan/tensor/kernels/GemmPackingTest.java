package dev.jgan.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Packing is a copy: every packed value is checked against op(A) or op(B) read element by element. */
class GemmPackingTest {
    private static final int MR = 8;
    private static final int NR = 32;

    @ParameterizedTest(name = "transA={0} mc={1} kc={2}")
    @CsvSource({"false, 16, 16", "false, 37, 53", "false, 64, 256", "false, 7, 5", "false, 24, 17",
            "true, 37, 53", "true, 16, 16"})
    void packedAHoldsEachPanelsRowsDepthByDepth(boolean transA, int mc, int kc) {
        int lda = (transA ? mc : kc) + 3;
        float[] a = Tensor.uniform(new Rng(mc * 31 + kc), -1f, 1f, (transA ? kc : mc) * lda + 5).data();
        int panels = (mc + MR - 1) / MR;
        float[] dst = new float[2 + panels * MR * kc];
        GemmPacking.packA(transA, a, 2, lda, 1, mc - 1, 1, kc - 1, dst, 2, MR);
        int rows = mc - 1, depth = kc - 1;
        for (int q = 0; q * MR < rows; q++) {
            for (int p = 0; p < depth; p++) {
                for (int r = 0; r < MR; r++) {
                    int i = 1 + q * MR + r;
                    float expected = q * MR + r >= rows ? 0f : transA ? a[2 + (1 + p) * lda + i] : a[2 + i * lda + 1 + p];
                    assertEquals(expected, dst[2 + q * MR * depth + p * MR + r], "panel " + q + " row " + r + " depth " + p);
                }
            }
        }
    }

    @ParameterizedTest(name = "transB={0} kc={1} nc={2}")
    @CsvSource({"true, 16, 32", "true, 53, 70", "true, 256, 64", "true, 5, 7", "false, 53, 70", "false, 16, 32"})
    void packedBHoldsEachPanelsColumnsDepthByDepth(boolean transB, int kc, int nc) {
        int ldb = (transB ? kc : nc) + 3;
        float[] b = Tensor.uniform(new Rng(kc * 17 + nc), -1f, 1f, (transB ? nc : kc) * ldb + 4).data();
        int panels = (nc + NR - 1) / NR;
        float[] dst = new float[3 + panels * NR * kc];
        GemmPacking.packB(transB, b, 1, ldb, 0, kc, 0, nc, dst, 3, NR);
        for (int q = 0; q * NR < nc; q++) {
            for (int p = 0; p < kc; p++) {
                for (int j = 0; j < NR; j++) {
                    int col = q * NR + j;
                    float expected = col >= nc ? 0f : transB ? b[1 + col * ldb + p] : b[1 + p * ldb + col];
                    assertEquals(expected, dst[3 + q * NR * kc + p * NR + j], "panel " + q + " column " + j + " depth " + p);
                }
            }
        }
    }
}
