package dev.jgan.cuda;

import static dev.jgan.cuda.Compare.FP32_TOLERANCE;
import static dev.jgan.cuda.Compare.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jgan.cuda.reference.ActivationReference;
import dev.jgan.cuda.reference.ConvReference;
import dev.jgan.nn.backend.CpuBackend;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.OneHot;
import org.junit.jupiter.api.Test;

/** GPU activations, bias add, channel sums and label planes against float64 references and the CPU. */
class CudaElementwiseGpuTest extends GpuTest {
    /** [N, C, H, W] shapes from one element to more than one grid-stride pass (4096 blocks x 256). */
    private static final int[][] SHAPES = {
        {1, 1, 1, 1}, {1, 3, 1, 1}, {2, 3, 5, 7}, {3, 17, 13, 31}, {1, 5, 1, 1}, {5, 3, 301, 257}};

    @Test
    void activationsAndTheirGradients() {
        CudaElementwise ops = new CudaElementwise(context);
        float slope = 0.2f;
        int seed = 1;
        for (int[] shape : SHAPES) {
            Tensor x = Tensor.normal(seed++, 0, 2, shape);
            Tensor dy = Tensor.normal(seed++, 0, 1, shape);
            float[] xs = x.data();
            float[] dys = dy.data();
            try (DeviceTensor gx = upload(x); DeviceTensor gdy = upload(dy); DeviceTensor out = poisoned(shape)) {
                String what = java.util.Arrays.toString(shape);
                ops.relu(gx, out);
                assertClose(what + " relu", out.download().data(), ActivationReference.relu(xs), FP32_TOLERANCE);
                out.fill(Float.NaN);
                ops.reluBackward(gdy, gx, out);
                assertClose(what + " relu'", out.download().data(), ActivationReference.reluBackward(dys, xs), FP32_TOLERANCE);
                out.fill(Float.NaN);
                ops.leakyRelu(gx, out, slope);
                assertClose(what + " leaky", out.download().data(), ActivationReference.leakyRelu(xs, slope), FP32_TOLERANCE);
                out.fill(Float.NaN);
                ops.leakyReluBackward(gdy, gx, out, slope);
                assertClose(what + " leaky'", out.download().data(),
                        ActivationReference.leakyReluBackward(dys, xs, slope), FP32_TOLERANCE);
                out.fill(Float.NaN);
                ops.tanh(gx, out);
                float[] y = out.download().data();
                assertClose(what + " tanh", y, ActivationReference.tanh(xs), FP32_TOLERANCE);
                try (DeviceTensor gy = upload(Tensor.wrap(y, shape))) {
                    out.fill(Float.NaN);
                    ops.tanhBackward(gdy, gy, out);
                    assertClose(what + " tanh'", out.download().data(), ActivationReference.tanhBackward(dys, y), FP32_TOLERANCE);
                }
            }
        }
    }

    @Test
    void axpyAccumulates() {
        for (int[] shape : SHAPES) {
            Tensor x = Tensor.normal(31, 0, 1, shape);
            Tensor y = Tensor.normal(32, 0, 1, shape);
            double[] want = new double[x.size()];
            for (int i = 0; i < want.length; i++) {
                want[i] = y.data()[i] + 0.25 * x.data()[i];
            }
            try (DeviceTensor gx = upload(x); DeviceTensor gy = upload(y)) {
                new CudaElementwise(context).axpy(gx, gy, 0.25f);
                assertClose(java.util.Arrays.toString(shape) + " axpy", gy.download().data(), want, FP32_TOLERANCE);
            }
        }
    }

    @Test
    void inPlaceActivation() {
        Tensor x = Tensor.normal(9, 0, 1, 3, 5, 7, 9);
        try (DeviceTensor gx = upload(x)) {
            new CudaElementwise(context).leakyRelu(gx, gx, 0.1f);
            assertClose("in place", gx.download().data(), ActivationReference.leakyRelu(x.data(), 0.1f), FP32_TOLERANCE);
        }
    }

    @Test
    void blendGivesTheCpusBits() {
        CudaElementwise ops = new CudaElementwise(context);
        int seed = 80;
        for (int[] shape : SHAPES) {
            Tensor average = Tensor.normal(seed++, 0, 1, shape);
            Tensor value = Tensor.normal(seed++, 0, 1, shape);
            float keep = 0.999f;
            float take = 1f - keep;
            try (DeviceTensor ga = upload(average); DeviceTensor gv = upload(value)) {
                ops.blend(keep, ga, take, gv);
                new CpuBackend().blend(keep, average, take, value);
                assertArrayEquals(average.data(), ga.download().data(), java.util.Arrays.toString(shape));
            }
        }
    }

    @Test
    void labelPlanesAreTheCpusOneHotCodes() {
        CudaElementwise ops = new CudaElementwise(context);
        for (int[] shape : SHAPES) {
            int[] labels = new int[shape[0]];
            Tensor floats = Tensor.zeros(shape[0]);
            for (int b = 0; b < labels.length; b++) {
                labels[b] = (3 * b + 1) % shape[1];
                floats.data()[b] = labels[b];
            }
            try (DeviceTensor gl = upload(floats); DeviceTensor planes = poisoned(shape)) {
                ops.labelPlanes(gl, planes);
                assertArrayEquals(OneHot.planesInto(labels, Tensor.zeros(shape)).data(), planes.download().data(),
                        java.util.Arrays.toString(shape));
            }
        }
    }

    @Test
    void biasAddAndChannelSum() {
        CudaElementwise ops = new CudaElementwise(context);
        int seed = 50;
        for (int[] shape : SHAPES) {
            Tensor y = Tensor.normal(seed++, 0, 1, shape);
            Tensor bias = Tensor.normal(seed++, 0, 1, shape[1]);
            String what = java.util.Arrays.toString(shape);
            try (DeviceTensor gy = upload(y); DeviceTensor gb = upload(bias); DeviceTensor sum = poisoned(shape[1])) {
                ops.channelSum(gy, sum);
                assertClose(what + " channel sum", sum.download().data(), ConvReference.channelSum(y), FP32_TOLERANCE);
                ops.biasAdd(gy, gb);
                assertClose(what + " bias add", gy.download().data(),
                        ActivationReference.biasAdd(y.data(), bias.data(), shape[2] * shape[3]), FP32_TOLERANCE);
            }
        }
    }
}
