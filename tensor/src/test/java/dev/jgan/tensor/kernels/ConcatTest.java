package dev.jgan.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ConcatTest {

    @Test
    void rowsAreTheTwoRowsSideBySide() {
        for (int[] s : new int[][] {{1, 1, 1}, {3, 5, 7}, {2, 17, 1}, {4, 1, 31}, {1, 128, 128}}) {
            int n = s[0], wa = s[1], wb = s[2];
            Tensor a = Tensor.normal(wa, 0f, 1f, n, wa);
            Tensor b = Tensor.normal(wb + 1, 0f, 1f, n, wb);
            float[] expected = new float[n * (wa + wb)];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < wa + wb; j++) {
                    expected[i * (wa + wb) + j] = j < wa ? a.data()[i * wa + j] : b.data()[i * wb + j - wa];
                }
            }
            Tensor out = Tensor.full(Float.NaN, n, wa + wb);
            assertArrayEquals(expected, Concat.rowsInto(a, b, out).data(), a.shapeString() + " and " + b.shapeString());
        }
    }

    @Test
    void badShapesNameTheOperands() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Concat.rowsInto(Tensor.zeros(2, 3), Tensor.zeros(3, 4), Tensor.zeros(2, 7)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Concat.rowsInto(Tensor.zeros(2, 3), Tensor.zeros(2, 4), Tensor.zeros(2, 6)));
        assertTrue(e.getMessage().contains("[2, 6]") && e.getMessage().contains("out"), e.getMessage());
    }
}
