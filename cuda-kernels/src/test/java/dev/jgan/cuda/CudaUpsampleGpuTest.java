package dev.jgan.cuda;

import static dev.jgan.cuda.Compare.FP32_TOLERANCE;
import static dev.jgan.cuda.Compare.assertClose;
import static dev.jgan.cuda.Compare.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Elementwise;
import dev.jgan.tensor.kernels.Upsample;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** GPU upsampling and residual shortcuts against the CPU's Upsample and Elementwise. */
class CudaUpsampleGpuTest extends GpuTest {
    /** [N, C, H, W] of x: single values, odd sizes, more than one grid-stride pass (4096 blocks x 256). */
    private static final int[][] SHAPES = {{1, 1, 1, 1}, {2, 3, 5, 7}, {3, 17, 13, 31}, {1, 5, 1, 9}, {4, 3, 301, 257}};

    @Test
    void nearest2xMatchesTheCpu() {
        CudaUpsample upsample = new CudaUpsample(context);
        int seed = 500;
        for (int[] shape : SHAPES) {
            Tensor x = Tensor.normal(seed++, 0, 1, shape);
            int[] up = {shape[0], shape[1], 2 * shape[2], 2 * shape[3]};
            try (DeviceTensor gx = upload(x); DeviceTensor y = poisoned(up)) {
                upsample.nearest2x(gx, y);
                assertClose(Arrays.toString(shape) + " nearest 2x", y.download().data(),
                        toDouble(Upsample.nearest2x(x).data()), FP32_TOLERANCE);
            }
        }
    }

    @Test
    void shortcutsMatchTheCpu() {
        CudaUpsample upsample = new CudaUpsample(context);
        int seed = 600;
        for (int[] shape : SHAPES) {
            int kept = (shape[1] + 1) / 2;
            Tensor x = Tensor.normal(seed++, 0, 1, shape);
            Tensor upsampled = Tensor.normal(seed++, 0, 1, shape[0], kept, 2 * shape[2], 2 * shape[3]);
            Tensor same = Tensor.normal(seed++, 0, 1, shape[0], kept, shape[2], shape[3]);
            Tensor expectedUp = Upsample.addNearest2xInto(x, upsampled.copy());
            Tensor expectedSame = Elementwise.add(same, firstChannels(x, kept));
            String what = Arrays.toString(shape) + " keeping " + kept;
            try (DeviceTensor gx = upload(x); DeviceTensor up = upload(upsampled); DeviceTensor sm = upload(same)) {
                upsample.addNearest2x(gx, up);
                upsample.addFirstChannels(gx, sm);
                assertClose(what + " add upsampled", up.download().data(), toDouble(expectedUp.data()), FP32_TOLERANCE);
                assertClose(what + " add first channels", sm.download().data(), toDouble(expectedSame.data()),
                        FP32_TOLERANCE);
            }
        }
    }

    @Test
    void firstChannelsAreCopiedExactly() {
        CudaUpsample upsample = new CudaUpsample(context);
        int seed = 700;
        for (int[] shape : SHAPES) {
            int kept = (shape[1] + 1) / 2;
            Tensor x = Tensor.normal(seed++, 0, 1, shape);
            try (DeviceTensor gx = upload(x); DeviceTensor y = poisoned(shape[0], kept, shape[2], shape[3])) {
                upsample.firstChannels(gx, y);
                assertArrayEquals(x.sliceChannels(0, kept).data(), y.download().data(), Arrays.toString(shape));
            }
        }
    }

    @Test
    void mismatchedShapesNameTheOperand() {
        try (DeviceTensor x = DeviceTensor.allocate(context, 1, 2, 3, 3);
             DeviceTensor y = DeviceTensor.allocate(context, 1, 4, 6, 6)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new CudaUpsample(context).addNearest2x(x, y));
            assertTrue(e.getMessage().startsWith("addUpsampled: y"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new CudaUpsample(context).nearest2x(x, y));
            assertTrue(e.getMessage().startsWith("upsample: y"), e.getMessage());
        }
    }

    /** x[:, 0:channels], as BigGAN's block slices its shortcut. */
    private static Tensor firstChannels(Tensor x, int channels) {
        int plane = x.dim(2) * x.dim(3);
        Tensor out = Tensor.zeros(x.dim(0), channels, x.dim(2), x.dim(3));
        for (int i = 0; i < x.dim(0); i++) {
            System.arraycopy(x.data(), i * x.dim(1) * plane, out.data(), i * channels * plane, channels * plane);
        }
        return out;
    }
}
