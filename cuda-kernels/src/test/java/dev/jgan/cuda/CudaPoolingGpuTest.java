package dev.jgan.cuda;

import static dev.jgan.cuda.Compare.FP32_TOLERANCE;
import static dev.jgan.cuda.Compare.assertClose;
import static dev.jgan.cuda.Compare.toDouble;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Pooling;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** GPU 2x2 max pooling against the CPU's Pooling. */
class CudaPoolingGpuTest extends GpuTest {
    /** [N, C, H, W]: one window, odd rows and columns (dropped), more than one grid-stride pass. */
    private static final int[][] SHAPES = {{1, 1, 2, 2}, {2, 3, 5, 7}, {3, 17, 13, 31}, {1, 5, 2, 9}, {4, 5, 701, 1201}};

    @Test
    void maxPoolMatchesTheCpu() {
        CudaPooling pooling = new CudaPooling(context);
        int seed = 700;
        for (int[] shape : SHAPES) {
            Tensor x = Tensor.normal(seed++, 0, 1, shape);
            Tensor expected = Pooling.maxPool2x2(x).y();
            try (DeviceTensor gx = upload(x); DeviceTensor y = poisoned(expected.shape())) {
                pooling.maxPool2x2(gx, y);
                assertClose(Arrays.toString(shape), y.download().data(), toDouble(expected.data()), FP32_TOLERANCE);
            }
        }
    }

    @Test
    void nanWinsItsWindow() {
        Tensor x = Tensor.of(new float[] {1, 2, 5, 3, Float.NaN, 0, 9, -1}, 1, 1, 2, 4);
        try (DeviceTensor gx = upload(x); DeviceTensor y = poisoned(1, 1, 1, 2)) {
            new CudaPooling(context).maxPool2x2(gx, y);
            float[] got = y.download().data();
            assertTrue(Float.isNaN(got[0]), "window with NaN gave " + got[0]);
            assertEquals(9f, got[1]);
            assertTrue(Float.isNaN(Pooling.maxPool2x2(x).y().data()[0]), "the CPU agrees");
        }
    }
}
