package dev.jgan.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.reference.ReferenceGemm;
import org.junit.jupiter.api.Test;

class MatMulTest {

    @Test
    void rank2InAllTransposeCombinations() {
        int m = 7;
        int n = 33;
        int k = 13;
        for (int t = 0; t < 4; t++) {
            boolean transA = (t & 1) != 0;
            boolean transB = (t & 2) != 0;
            Tensor a = Tensor.normal(t, 0f, 1f, transA ? k : m, transA ? m : k);
            Tensor b = Tensor.normal(10 + t, 0f, 1f, transB ? n : k, transB ? k : n);
            Tensor c = MatMul.matmul(a, b, transA, transB);
            assertArrayEquals(new int[] {m, n}, c.shape());
            float[] expected = new float[m * n];
            ReferenceGemm.sgemm(transA, transB, m, n, k, 1f, a.data(), 0, a.dim(1), b.data(), 0, b.dim(1),
                    0f, expected, 0, n);
            assertClose(expected, c.data());
        }
    }

    @Test
    void rank3BatchesAndASharedRightOperand() {
        int batch = 3;
        int m = 5;
        int n = 17;
        int k = 9;
        Tensor a = Tensor.normal(1, 0f, 1f, batch, m, k);
        Tensor b = Tensor.normal(2, 0f, 1f, batch, n, k);
        Tensor shared = Tensor.normal(3, 0f, 1f, k, n);
        Tensor c = MatMul.matmul(a, b, false, true);
        Tensor cShared = MatMul.matmul(a, shared, false, false);
        assertArrayEquals(new int[] {batch, m, n}, c.shape());
        float[] expected = new float[batch * m * n];
        float[] expectedShared = new float[batch * m * n];
        for (int i = 0; i < batch; i++) {
            ReferenceGemm.sgemm(false, true, m, n, k, 1f, a.data(), i * m * k, k, b.data(), i * n * k, k,
                    0f, expected, i * m * n, n);
            ReferenceGemm.sgemm(false, false, m, n, k, 1f, a.data(), i * m * k, k, shared.data(), 0, n,
                    0f, expectedShared, i * m * n, n);
        }
        assertClose(expected, c.data());
        assertClose(expectedShared, cShared.data());
    }

    @Test
    void intoAnOutputGivesTheSameBitsWhateverItHeld() {
        for (int t = 0; t < 4; t++) {
            boolean transA = (t & 1) != 0;
            boolean transB = (t & 2) != 0;
            Tensor a = Tensor.normal(20 + t, 0f, 1f, 3, transA ? 13 : 7, transA ? 7 : 13);
            Tensor b = Tensor.normal(30 + t, 0f, 1f, 3, transB ? 31 : 13, transB ? 13 : 31);
            Tensor out = Tensor.full(Float.NaN, 3, 7, 31);
            assertArrayEquals(MatMul.matmul(a, b, transA, transB).data(), MatMul.matmulInto(a, b, transA, transB, out).data());
        }
        Tensor a = Tensor.normal(40, 0f, 1f, 5, 1);
        Tensor b = Tensor.normal(41, 0f, 1f, 1, 17);
        assertArrayEquals(MatMul.matmul(a, b, false, false).data(),
                MatMul.matmulInto(a, b, false, false, Tensor.full(Float.NaN, 5, 17)).data());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MatMul.matmulInto(a, b, false, false, Tensor.zeros(17, 5)));
        assertTrue(e.getMessage().contains("matmul output") && e.getMessage().contains("[17, 5]"), e.getMessage());
    }

    @Test
    void mismatchedShapesNameBothOperands() {
        IllegalArgumentException inner = assertThrows(IllegalArgumentException.class,
                () -> MatMul.matmul(Tensor.zeros(2, 3), Tensor.zeros(4, 5), false, false));
        assertTrue(inner.getMessage().contains("[2, 3]") && inner.getMessage().contains("[4, 5]"), inner.getMessage());
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> MatMul.matmul(Tensor.zeros(2, 3, 4), Tensor.zeros(3, 4, 5), false, false));
        assertTrue(batch.getMessage().contains("[2, 3, 4]") && batch.getMessage().contains("[3, 4, 5]"),
                batch.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> MatMul.matmul(Tensor.zeros(3), Tensor.zeros(3, 4), false, false));
    }

    private static void assertClose(float[] expected, float[] actual) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = (double) actual[i] - expected[i];
            diff += d * d;
            norm += (double) expected[i] * expected[i];
        }
        assertTrue(Math.sqrt(diff / norm) <= 1e-5, "relative L2 error " + Math.sqrt(diff / norm));
    }
}
