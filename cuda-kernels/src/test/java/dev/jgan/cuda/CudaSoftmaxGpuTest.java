package dev.jgan.cuda;

import static dev.jgan.cuda.Compare.FP32_TOLERANCE;
import static dev.jgan.cuda.Compare.assertClose;
import static dev.jgan.cuda.Compare.toDouble;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Softmax;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** GPU softmax over the last axis against the CPU's Softmax. */
class CudaSoftmaxGpuTest extends GpuTest {
    /** Rows of one value, short odd rows, rows longer than a block's threads, attention-like [N, P, P / 4]. */
    private static final int[][] SHAPES = {{1, 1}, {5, 7}, {3, 1000}, {2, 63, 12}, {2, 4096, 1024}, {7, 3, 257}};

    @Test
    void matchesTheCpu() {
        CudaSoftmax softmax = new CudaSoftmax(context);
        int seed = 900;
        for (int[] shape : SHAPES) {
            Tensor x = Tensor.normal(seed++, 0, 30, shape);  // exp(x) alone would overflow
            Tensor expected = Softmax.forward(x, -1);
            String what = Arrays.toString(shape);
            try (DeviceTensor gx = upload(x); DeviceTensor y = poisoned(shape)) {
                softmax.lastAxis(gx, y);
                assertClose(what, y.download().data(), toDouble(expected.data()), FP32_TOLERANCE);
                softmax.lastAxis(gx, gx);
                assertClose(what + " in place", gx.download().data(), toDouble(expected.data()), FP32_TOLERANCE);
            }
        }
    }
}
