package dev.jgan.cuda;

import static dev.jgan.cuda.Compare.assertClose;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** GPU row concatenation against the obvious loop: single values, odd widths, BigGAN-like [z, embedding]. */
class CudaConcatGpuTest extends GpuTest {
    /** rows, a's width, b's width. */
    private static final int[][] SIZES = {{1, 1, 1}, {1, 120, 128}, {5, 7, 3}, {16, 128, 120}, {3, 1, 5}, {700, 301, 999}};

    @Test
    void rowsMatchTheLoop() {
        CudaConcat concat = new CudaConcat(context);
        int seed = 1000;
        for (int[] size : SIZES) {
            int rows = size[0], wa = size[1], wb = size[2];
            Tensor a = Tensor.normal(seed++, 0, 1, rows, wa);
            Tensor b = Tensor.normal(seed++, 0, 1, rows, wb);
            double[] expected = new double[rows * (wa + wb)];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < wa + wb; c++) {
                    expected[r * (wa + wb) + c] = c < wa ? a.data()[r * wa + c] : b.data()[r * wb + c - wa];
                }
            }
            try (DeviceTensor ga = upload(a); DeviceTensor gb = upload(b); DeviceTensor out = poisoned(rows, wa + wb)) {
                concat.rows(ga, gb, out);
                assertClose(rows + " x (" + wa + " + " + wb + ")", out.download().data(), expected, 0);
            }
        }
    }

    @Test
    void mismatchedRowsNameTheOperand() {
        try (DeviceTensor a = DeviceTensor.allocate(context, 2, 3); DeviceTensor b = DeviceTensor.allocate(context, 3, 4);
             DeviceTensor out = DeviceTensor.allocate(context, 2, 7)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new CudaConcat(context).rows(a, b, out));
            assertTrue(e.getMessage().startsWith("concatRows: b"), e.getMessage());
        }
    }
}
