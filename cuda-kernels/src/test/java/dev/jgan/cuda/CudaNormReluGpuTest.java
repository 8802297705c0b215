package dev.jgan.cuda;

import static dev.jgan.cuda.Compare.FP32_TOLERANCE;
import static dev.jgan.cuda.Compare.assertClose;
import static dev.jgan.cuda.Compare.toDouble;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.NormRelu;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** GPU inference batch norm + ReLU, conditional (per sample) and plain (per channel), against the CPU's NormRelu. */
class CudaNormReluGpuTest extends GpuTest {
    /** [N, C, H, W]: BigGAN's 4 x 4 start, odd planes, one value per plane, planes longer than a block's threads. */
    private static final int[][] SHAPES = {{1, 32, 4, 4}, {3, 5, 13, 11}, {2, 3, 1, 1}, {5, 7, 17, 31}, {2, 3, 257, 129}};

    @Test
    void matchesTheCpu() {
        CudaNormRelu normRelu = new CudaNormRelu(context);
        int seed = 800;
        for (int[] shape : SHAPES) {
            for (boolean perSample : new boolean[] {true, false}) {
                int n = shape[0], c = shape[1];
                int[] affine = perSample ? new int[] {n, c} : new int[] {c};
                Tensor x = Tensor.normal(seed++, 0.5f, 2, shape);
                Tensor mean = Tensor.normal(seed++, 0, 1, c);
                Tensor var = Tensor.uniform(seed++, 0.05f, 3, c);
                Tensor gain = Tensor.normal(seed++, 1, 0.5f, affine);
                Tensor offset = Tensor.normal(seed++, 0, 1, affine);
                Tensor expected = NormRelu.forward(x, mean, var, 1e-4f, gain, offset);
                String what = Arrays.toString(shape) + (perSample ? " per sample" : " per channel");
                try (DeviceTensor gx = upload(x); DeviceTensor gMean = upload(mean); DeviceTensor gVar = upload(var);
                     DeviceTensor gGain = upload(gain); DeviceTensor gOffset = upload(offset);
                     DeviceTensor y = poisoned(shape)) {
                    normRelu.forward(gx, gMean, gVar, 1e-4f, gGain, gOffset, y);
                    assertClose(what, y.download().data(), toDouble(expected.data()), FP32_TOLERANCE);
                    normRelu.forward(gx, gMean, gVar, 1e-4f, gGain, gOffset, gx);
                    assertClose(what + " in place", gx.download().data(), toDouble(expected.data()), FP32_TOLERANCE);
                }
            }
        }
    }

    @Test
    void mismatchedAffineShapesNameTheOperand() {
        try (DeviceTensor x = DeviceTensor.allocate(context, 2, 3, 4, 4); DeviceTensor stat = DeviceTensor.allocate(context, 3);
             DeviceTensor perSample = DeviceTensor.allocate(context, 2, 3); DeviceTensor wrong = DeviceTensor.allocate(context, 3, 3)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new CudaNormRelu(context).forward(x, stat, stat, 1e-4f, perSample, stat, x));
            assertTrue(e.getMessage().contains("must both be"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> new CudaNormRelu(context).forward(x, stat, stat, 1e-4f, wrong, wrong, x));
            assertTrue(e.getMessage().startsWith("normRelu: per-sample gain"), e.getMessage());
        }
    }
}
