package dev.jgan.cuda;

import static dev.jgan.cuda.Compare.FP32_TOLERANCE;
import static dev.jgan.cuda.Compare.TF32_TOLERANCE;
import static dev.jgan.cuda.Compare.assertClose;
import static dev.jgan.cuda.Compare.toDouble;

import dev.jgan.cuda.reference.ConvReference;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.ConvSpec;
import dev.jgan.tensor.kernels.ConvTranspose2d;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GPU ConvTranspose2d against the float64 reference and the CPU kernels. */
class CudaConvTranspose2dGpuTest extends GpuTest {
    /** x [batch, inC, h, w], w [inC, outC, kH, kW], output padding (smaller than the stride). */
    private record Case(int batch, int inC, int h, int w, int outC, ConvSpec spec, int outputPadding) {
        int outH() {
            return spec.transposedOutH(h, outputPadding);
        }

        int outW() {
            return spec.transposedOutW(w, outputPadding);
        }

        int[] inputShape() {
            return new int[] {batch, inC, h, w};
        }

        int[] weightShape() {
            return new int[] {inC, outC, spec.kernelH(), spec.kernelW()};
        }

        int[] outputShape() {
            return new int[] {batch, outC, outH(), outW()};
        }
    }

    private static final List<Case> CASES = List.of(
            new Case(2, 16, 1, 1, 8, ConvSpec.of(4, 1, 0), 0),          // latent vector to 4x4
            new Case(2, 16, 4, 4, 8, ConvSpec.of(4, 2, 1), 0),          // DCGAN upsampling
            new Case(1, 5, 5, 5, 3, ConvSpec.of(3, 2, 1), 1),
            new Case(3, 3, 5, 7, 70, new ConvSpec(3, 3, 3, 3, 0, 0, 2, 2), 2),
            new Case(1, 67, 3, 5, 1, new ConvSpec(2, 3, 1, 2, 0, 1, 1, 1), 1),
            new Case(4, 9, 13, 11, 5, ConvSpec.of(5, 1, 2), 0));

    @Test
    void forwardAndBackwardMatchReference() {
        CudaConvTranspose2d conv = new CudaConvTranspose2d(context);
        int seed = 100;
        for (Case c : CASES) {
            Tensor x = Tensor.normal(seed++, 0, 1, c.inputShape());
            Tensor w = Tensor.normal(seed++, 0, 0.5f, c.weightShape());
            Tensor bias = Tensor.normal(seed++, 0, 1, c.outC());
            Tensor dy = Tensor.normal(seed++, 0, 1, c.outputShape());
            double[] yExpected = ConvReference.convTranspose2d(x, w, bias, c.spec(), c.outH(), c.outW());
            double[] dxExpected = ConvReference.convTranspose2dBackwardInput(dy, w, c.spec(), c.h(), c.w());
            double[] dwExpected = ConvReference.convTranspose2dBackwardWeight(dy, x, c.spec());
            for (Precision precision : Precision.values()) {
                double tolerance = precision == Precision.FP32 ? FP32_TOLERANCE : TF32_TOLERANCE;
                try (DeviceTensor gx = upload(x); DeviceTensor gw = upload(w); DeviceTensor gb = upload(bias);
                     DeviceTensor gdy = upload(dy); DeviceTensor y = poisoned(c.outputShape());
                     DeviceTensor dx = poisoned(c.inputShape()); DeviceTensor dw = poisoned(c.weightShape())) {
                    conv.forward(gx, gw, gb, c.spec(), y, precision);
                    conv.backwardInput(gdy, gw, c.spec(), dx, precision);
                    conv.backwardWeight(gdy, gx, c.spec(), dw, precision);
                    assertClose(c + " y " + precision, y.download().data(), yExpected, tolerance);
                    assertClose(c + " dx " + precision, dx.download().data(), dxExpected, tolerance);
                    assertClose(c + " dw " + precision, dw.download().data(), dwExpected, tolerance);
                }
            }
        }
    }

    @Test
    void forwardAllocatesTheTransposedOutputSize() {
        Case c = CASES.get(2);
        Tensor x = Tensor.normal(1, 0, 1, c.inputShape());
        Tensor w = Tensor.normal(2, 0, 1, c.weightShape());
        try (DeviceTensor gx = upload(x); DeviceTensor gw = upload(w);
             DeviceTensor y = new CudaConvTranspose2d(context).forward(gx, gw, null, c.spec(), 1, 1, Precision.FP32)) {
            assertClose(c.toString(), y.download().data(),
                    ConvReference.convTranspose2d(x, w, null, c.spec(), c.outH(), c.outW()), FP32_TOLERANCE);
        }
    }

    @Test
    void matchesTheCpuKernels() {
        CudaConvTranspose2d conv = new CudaConvTranspose2d(context);
        int seed = 200;
        for (Case c : CASES) {
            Tensor x = Tensor.normal(seed++, 0, 1, c.inputShape());
            Tensor w = Tensor.normal(seed++, 0, 0.5f, c.weightShape());
            Tensor bias = Tensor.normal(seed++, 0, 1, c.outC());
            Tensor dy = Tensor.normal(seed++, 0, 1, c.outputShape());
            try (DeviceTensor gx = upload(x); DeviceTensor gw = upload(w); DeviceTensor gb = upload(bias);
                 DeviceTensor gdy = upload(dy); DeviceTensor y = poisoned(c.outputShape());
                 DeviceTensor dx = poisoned(c.inputShape()); DeviceTensor dw = poisoned(c.weightShape())) {
                conv.forward(gx, gw, gb, c.spec(), y, Precision.FP32);
                conv.backwardInput(gdy, gw, c.spec(), dx, Precision.FP32);
                conv.backwardWeight(gdy, gx, c.spec(), dw, Precision.FP32);
                assertClose(c + " y", y.download().data(), toDouble(ConvTranspose2d.forward(
                        x, w, bias, c.spec(), c.outputPadding(), c.outputPadding()).data()), FP32_TOLERANCE);
                assertClose(c + " dx", dx.download().data(),
                        toDouble(ConvTranspose2d.backwardInput(dy, w, c.spec()).data()), FP32_TOLERANCE);
                assertClose(c + " dw", dw.download().data(),
                        toDouble(ConvTranspose2d.backwardWeight(dy, x, c.spec()).data()), FP32_TOLERANCE);
            }
        }
    }
}
