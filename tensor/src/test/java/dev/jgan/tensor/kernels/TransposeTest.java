package dev.jgan.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransposeTest {

    /** Every value lands where the plain loop puts it, and nothing outside the block is written. */
    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"1, 1", "16, 16", "17, 33", "32, 48", "5, 40", "40, 5", "31, 15", "64, 20"})
    void movesEachValueAndNothingElse(int rows, int cols) {
        int srcLd = cols + 3, dstLd = rows + 5, from = 2, to = 7;
        float[] src = Tensor.uniform(new Rng(rows * 100 + cols), -1f, 1f, from + rows * srcLd).data();
        float[] dst = new float[to + cols * dstLd + 4];
        Arrays.fill(dst, Float.NaN);
        Transpose.of(src, from, rows, cols, srcLd, dst, to, dstLd);
        for (int i = 0; i < dst.length; i++) {
            int c = (i - to) / dstLd, r = (i - to) % dstLd;
            boolean inside = i >= to && c < cols && r < rows;
            float expected = inside ? src[from + r * srcLd + c] : Float.NaN;
            assertEquals(expected, dst[i], "dst[" + i + "]");
        }
    }
}
