package dev.jgan.cuda;

import static dev.jgan.cuda.Compare.FP32_TOLERANCE;
import static dev.jgan.cuda.Compare.assertClose;

import dev.jgan.cuda.reference.ConvReference;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Conv2d;
import dev.jgan.tensor.kernels.ConvSpec;
import dev.jgan.tensor.kernels.ConvTranspose2d;
import org.junit.jupiter.api.Test;

/**
 * The two oracles of the GPU tests, the float64 references and the CPU kernels, agree on the
 * shapes and layouts the GPU tests use (runs without a GPU).
 */
class CpuKernelAgreementTest {
    @Test
    void conv2dReferenceMatchesTheCpuKernels() {
        for (ConvCase c : ConvCase.CASES) {
            long work = (long) c.outC() * c.inC() * c.spec().kernelH() * c.spec().kernelW()
                    * c.batch() * c.spec().outH(c.h()) * c.spec().outW(c.w());
            if (work > 2_000_000) {
                continue;  // the largest cases only matter on the GPU
            }
            Tensor x = Tensor.normal(c.seed(), 0, 1, c.inputShape());
            Tensor w = Tensor.normal(c.seed() + 1, 0, 0.5f, c.weightShape());
            Tensor bias = Tensor.normal(c.seed() + 2, 0, 1, c.outC());
            Tensor dy = Tensor.normal(c.seed() + 3, 0, 1, c.outputShape());
            assertClose(c + " y", Conv2d.forward(x, w, bias, c.spec()).data(),
                    ConvReference.conv2d(x, w, bias, c.spec()), FP32_TOLERANCE);
            assertClose(c + " dx", Conv2d.backwardInput(dy, w, c.spec(), c.h(), c.w()).data(),
                    ConvReference.conv2dBackwardInput(dy, w, c.spec(), c.h(), c.w()), FP32_TOLERANCE);
            assertClose(c + " dw", Conv2d.backwardWeight(dy, x, c.spec()).data(),
                    ConvReference.conv2dBackwardWeight(dy, x, c.spec()), FP32_TOLERANCE);
            assertClose(c + " db", Conv2d.backwardBias(dy).data(), ConvReference.channelSum(dy), FP32_TOLERANCE);
        }
    }

    @Test
    void transposedReferenceMatchesTheCpuKernels() {
        ConvSpec[] specs = {ConvSpec.of(4, 2, 1), ConvSpec.of(3, 2, 1), new ConvSpec(3, 3, 3, 3, 0, 0, 2, 2)};
        int[] outputPaddings = {0, 1, 2};
        for (int i = 0; i < specs.length; i++) {
            ConvSpec spec = specs[i];
            int h = 3 + i, w = 5 - i, p = outputPaddings[i];
            int outH = spec.transposedOutH(h, p), outW = spec.transposedOutW(w, p);
            Tensor x = Tensor.normal(300 + i, 0, 1, 2, 5, h, w);
            Tensor weight = Tensor.normal(310 + i, 0, 1, 5, 3, spec.kernelH(), spec.kernelW());
            Tensor bias = Tensor.normal(320 + i, 0, 1, 3);
            Tensor dy = Tensor.normal(330 + i, 0, 1, 2, 3, outH, outW);
            assertClose(spec + " y", ConvTranspose2d.forward(x, weight, bias, spec, p, p).data(),
                    ConvReference.convTranspose2d(x, weight, bias, spec, outH, outW), FP32_TOLERANCE);
            assertClose(spec + " dx", ConvTranspose2d.backwardInput(dy, weight, spec).data(),
                    ConvReference.convTranspose2dBackwardInput(dy, weight, spec, h, w), FP32_TOLERANCE);
            assertClose(spec + " dw", ConvTranspose2d.backwardWeight(dy, x, spec).data(),
                    ConvReference.convTranspose2dBackwardWeight(dy, x, spec), FP32_TOLERANCE);
        }
    }
}
