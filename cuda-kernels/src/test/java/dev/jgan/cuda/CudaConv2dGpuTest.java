package dev.jgan.cuda;

import static dev.jgan.cuda.Compare.FP32_TOLERANCE;
import static dev.jgan.cuda.Compare.TF32_TOLERANCE;
import static dev.jgan.cuda.Compare.assertClose;
import static dev.jgan.cuda.Compare.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.cuda.reference.ConvReference;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Conv2d;
import dev.jgan.tensor.kernels.ConvSpec;
import org.junit.jupiter.api.Test;

/** GPU Conv2d against the float64 reference and the CPU kernels. */
class CudaConv2dGpuTest extends GpuTest {
    @Test
    void forwardMatchesReference() {
        CudaConv2d conv = new CudaConv2d(context);
        for (ConvCase c : ConvCase.CASES) {
            Tensor x = Tensor.normal(c.seed(), 0, 1, c.inputShape());
            Tensor w = Tensor.normal(c.seed() + 1, 0, 0.5f, c.weightShape());
            Tensor bias = Tensor.normal(c.seed() + 2, 0, 1, c.outC());
            double[] expected = ConvReference.conv2d(x, w, bias, c.spec());
            for (Precision precision : Precision.values()) {
                try (DeviceTensor dx = upload(x); DeviceTensor dw = upload(w); DeviceTensor db = upload(bias);
                     DeviceTensor y = poisoned(c.outputShape())) {
                    conv.forward(dx, dw, db, c.spec(), y, precision);
                    assertClose(c + " " + precision, y.download().data(), expected,
                            precision == Precision.FP32 ? FP32_TOLERANCE : TF32_TOLERANCE);
                }
            }
        }
    }

    @Test
    void forwardWithoutBias() {
        ConvCase c = ConvCase.CASES.get(3);
        Tensor x = Tensor.normal(5, 0, 1, c.inputShape());
        Tensor w = Tensor.normal(6, 0, 1, c.weightShape());
        try (DeviceTensor dx = upload(x); DeviceTensor dw = upload(w);
             DeviceTensor y = new CudaConv2d(context).forward(dx, dw, null, c.spec(), Precision.FP32)) {
            assertClose(c.toString(), y.download().data(), ConvReference.conv2d(x, w, null, c.spec()), FP32_TOLERANCE);
        }
    }

    @Test
    void backwardMatchesReference() {
        CudaConv2d conv = new CudaConv2d(context);
        boolean forwardSplit = false;
        boolean dataSplit = false;
        boolean weightSplit = false;
        for (ConvCase c : ConvCase.CASES) {
            Tensor x = Tensor.normal(c.seed(), 0, 1, c.inputShape());
            Tensor w = Tensor.normal(c.seed() + 1, 0, 0.5f, c.weightShape());
            Tensor dy = Tensor.normal(c.seed() + 3, 0, 1, c.outputShape());
            double[] dxExpected = ConvReference.conv2dBackwardInput(dy, w, c.spec(), c.h(), c.w());
            double[] dwExpected = ConvReference.conv2dBackwardWeight(dy, x, c.spec());
            for (Precision precision : Precision.values()) {
                double tolerance = precision == Precision.FP32 ? FP32_TOLERANCE : TF32_TOLERANCE;
                try (DeviceTensor gx = upload(x); DeviceTensor gw = upload(w); DeviceTensor gdy = upload(dy);
                     DeviceTensor dx = poisoned(c.inputShape()); DeviceTensor dw = poisoned(c.weightShape())) {
                    conv.backwardInput(gdy, gw, c.spec(), dx, precision);
                    conv.backwardWeight(gdy, gx, c.spec(), dw, precision);
                    assertClose(c + " dx " + precision, dx.download().data(), dxExpected, tolerance);
                    assertClose(c + " dw " + precision, dw.download().data(), dwExpected, tolerance);
                }
            }
            try (DeviceTensor gdy = upload(dy); DeviceTensor db = poisoned(c.outC())) {
                conv.backwardBias(gdy, db);
                assertClose(c + " db", db.download().data(), ConvReference.channelSum(dy), FP32_TOLERANCE);
            }
            ConvShape shape = ConvShape.of(c.batch(), c.inC(), c.h(), c.w(), c.outC(), c.spec());
            int multiprocessors = LaunchGeometry.PLAN_MULTIPROCESSORS;
            forwardSplit |= isSplit(ConvLaunches.forwardPlan(shape, Precision.FP32, ConvTiles.AUTOMATIC,
                    multiprocessors));
            dataSplit |= isSplit(ConvLaunches.backwardDataPlan(shape, Precision.FP32, ConvTiles.AUTOMATIC,
                    multiprocessors));
            weightSplit |= isSplit(ConvLaunches.backwardWeightPlan(shape, Precision.FP32, ConvTiles.AUTOMATIC,
                    multiprocessors));
        }
        assertTrue(forwardSplit && dataSplit && weightSplit, "a pass never split along K: forward " + forwardSplit
                + ", input gradient " + dataSplit + ", weight gradient " + weightSplit);
    }

    private static boolean isSplit(ConvLaunches.Plan plan) {
        return plan.tiled() && plan.split().splits() > 1;
    }

    /** Unsplit, the 128 x 128 tiles add each output's products in the 64 x 64 tiles' order. */
    @Test
    void largeTilesGiveTheSmallTilesValuesInFloat32() {
        CudaConv2d automatic = new CudaConv2d(context);
        CudaConv2d small = new CudaConv2d(context, ConvTiles.SMALL);
        int compared = 0;
        for (ConvCase c : ConvCase.CASES) {
            ConvShape shape = ConvShape.of(c.batch(), c.inC(), c.h(), c.w(), c.outC(), c.spec());
            int multiprocessors = LaunchGeometry.PLAN_MULTIPROCESSORS;
            ConvLaunches.Plan forward = ConvLaunches.forwardPlan(shape, Precision.FP32, ConvTiles.AUTOMATIC,
                    multiprocessors);
            ConvLaunches.Plan data = ConvLaunches.backwardDataPlan(shape, Precision.FP32, ConvTiles.AUTOMATIC,
                    multiprocessors);
            ConvLaunches.Plan weight = ConvLaunches.backwardWeightPlan(shape, Precision.FP32, ConvTiles.AUTOMATIC,
                    multiprocessors);
            if (!wholeLarge(forward) && !wholeLarge(data) && !wholeLarge(weight)) {
                continue;
            }
            Tensor x = Tensor.normal(c.seed(), 0, 1, c.inputShape());
            Tensor w = Tensor.normal(c.seed() + 1, 0, 0.5f, c.weightShape());
            Tensor dy = Tensor.normal(c.seed() + 3, 0, 1, c.outputShape());
            try (DeviceTensor gx = upload(x); DeviceTensor gw = upload(w); DeviceTensor gdy = upload(dy)) {
                float[][] results = new float[2][];
                float[][] inputGradients = new float[2][];
                float[][] weightGradients = new float[2][];
                CudaConv2d[] convs = {automatic, small};
                for (int i = 0; i < 2; i++) {
                    try (DeviceTensor y = poisoned(c.outputShape()); DeviceTensor dx = poisoned(c.inputShape());
                         DeviceTensor dw = poisoned(c.weightShape())) {
                        convs[i].forward(gx, gw, null, c.spec(), y, Precision.FP32);
                        convs[i].backwardInput(gdy, gw, c.spec(), dx, Precision.FP32);
                        convs[i].backwardWeight(gdy, gx, c.spec(), dw, Precision.FP32);
                        results[i] = y.download().data();
                        inputGradients[i] = dx.download().data();
                        weightGradients[i] = dw.download().data();
                    }
                }
                assertSameIf(wholeLarge(forward), c + " y", results);
                assertSameIf(wholeLarge(data), c + " dx", inputGradients);
                assertSameIf(wholeLarge(weight), c + " dw", weightGradients);
                compared++;
            }
        }
        assertTrue(compared > 0, "no case ran on the large tiles");
    }

    private static boolean wholeLarge(ConvLaunches.Plan plan) {
        return plan.tiled() && plan.split().splits() == 1 && plan.kernel().name().endsWith("FP32_LARGE");
    }

    private static void assertSameIf(boolean large, String what, float[][] automaticAndSmall) {
        if (large) {
            assertArrayEquals(automaticAndSmall[1], automaticAndSmall[0], what + ": large tiles differ from small");
        }
    }

    @Test
    void matchesTheCpuKernels() {
        CudaConv2d conv = new CudaConv2d(context);
        for (ConvCase c : ConvCase.CASES) {
            Tensor x = Tensor.normal(c.seed(), 0, 1, c.inputShape());
            Tensor w = Tensor.normal(c.seed() + 1, 0, 0.5f, c.weightShape());
            Tensor bias = Tensor.normal(c.seed() + 2, 0, 1, c.outC());
            Tensor dy = Tensor.normal(c.seed() + 3, 0, 1, c.outputShape());
            try (DeviceTensor gx = upload(x); DeviceTensor gw = upload(w); DeviceTensor gb = upload(bias);
                 DeviceTensor gdy = upload(dy); DeviceTensor y = poisoned(c.outputShape());
                 DeviceTensor dx = poisoned(c.inputShape()); DeviceTensor dw = poisoned(c.weightShape())) {
                conv.forward(gx, gw, gb, c.spec(), y, Precision.FP32);
                conv.backwardInput(gdy, gw, c.spec(), dx, Precision.FP32);
                conv.backwardWeight(gdy, gx, c.spec(), dw, Precision.FP32);
                assertClose(c + " y", y.download().data(),
                        toDouble(Conv2d.forward(x, w, bias, c.spec()).data()), FP32_TOLERANCE);
                assertClose(c + " dx", dx.download().data(),
                        toDouble(Conv2d.backwardInput(dy, w, c.spec(), c.h(), c.w()).data()), FP32_TOLERANCE);
                assertClose(c + " dw", dw.download().data(),
                        toDouble(Conv2d.backwardWeight(dy, x, c.spec()).data()), FP32_TOLERANCE);
            }
        }
    }

    @Test
    void mismatchedShapesNameTheOperand() {
        ConvSpec spec = ConvSpec.of(3, 1, 1);
        try (DeviceTensor x = DeviceTensor.allocate(context, 1, 3, 8, 8);
             DeviceTensor w = DeviceTensor.allocate(context, 4, 2, 3, 3);
             DeviceTensor y = DeviceTensor.allocate(context, 1, 4, 8, 8)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new CudaConv2d(context).forward(x, w, null, spec, y, Precision.FP32));
            assertTrue(e.getMessage().startsWith("w:"), e.getMessage());
        }
    }
}
