package dev.jgan.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.cuda.ConvLaunches.Plan;
import dev.jgan.cuda.LaunchGeometry.Grid;
import dev.jgan.tensor.kernels.ConvSpec;
import org.junit.jupiter.api.Test;

/** Which kernel and grid each convolution pass gets, checked on the CPU. */
class ConvLaunchesTest {
    private static final ConvSpec STRIDED = ConvSpec.of(4, 2, 1);
    private static final int H100 = 132;

    @Test
    void fewOutputChannelsRunTheNarrowForwardInEitherPrecision() {
        // a generator's last layer as a convolution: 64 -> 3 channels, 64x64 output, batch 5
        ConvShape toRgb = ConvShape.of(5, 64, 64, 64, 3, ConvSpec.of(3, 1, 1));
        for (Precision precision : Precision.values()) {
            assertEquals(new Plan(Kernel.CONV2D_FORWARD_NARROW, new Grid(80, 1, 1)),  // 5*64*64 / 256 columns
                    ConvLaunches.forwardPlan(toRgb, precision, H100));
        }
        ConvShape five = ConvShape.of(5, 64, 64, 64, 5, ConvSpec.of(3, 1, 1));
        assertEquals(new Plan(Kernel.CONV2D_FORWARD_FP32, new Grid(320, 1, 1)), ConvLaunches.forwardPlan(five, Precision.FP32, H100));
        assertEquals(new Plan(Kernel.CONV2D_FORWARD_TF32, new Grid(320, 1, 1)), ConvLaunches.forwardPlan(five, Precision.TF32, H100));
    }

    @Test
    void fewInputChannelsRunTheNarrowInputGradient() {
        // a discriminator's first layer on 28x28 grey images, batch 16: dx has 16*28*28 = 12544 columns
        ConvShape first = ConvShape.of(16, 1, 28, 28, 64, STRIDED);
        for (Precision precision : Precision.values()) {
            assertEquals(new Plan(Kernel.CONV2D_BACKWARD_DATA_NARROW, new Grid(49, 1, 1)),
                    ConvLaunches.backwardDataPlan(first, precision, H100));
            assertEquals(Kernel.CONV2D_FORWARD_FP32 == ConvLaunches.forwardPlan(first, precision, H100).kernel(),
                    precision == Precision.FP32, "64 output channels take the tiles");
        }
        ConvShape wide = ConvShape.of(16, 8, 28, 28, 64, STRIDED);
        assertEquals(new Plan(Kernel.CONV2D_BACKWARD_DATA_TF32, new Grid(196, 1, 1)),  // 12544 / 64 columns
                ConvLaunches.backwardDataPlan(wide, Precision.TF32, H100));
    }

    @Test
    void fewPixelsWithLongSumsGetABlockEach() {
        // a discriminator's last layer: 128 -> 1 channel, 7x7 kernel on 7x7, batch 128: one pixel an image, K 6272
        ConvShape last = ConvShape.of(128, 128, 7, 7, 1, ConvSpec.of(7, 1, 0));
        for (Precision precision : Precision.values()) {
            assertEquals(new Plan(Kernel.CONV2D_FORWARD_NARROW_DEEP, new Grid(128, 1, 1)),
                    ConvLaunches.forwardPlan(last, precision, H100));
        }
        // the same layer at batch 9000 has enough pixels for a thread each
        assertEquals(Kernel.CONV2D_FORWARD_NARROW,
                ConvLaunches.forwardPlan(ConvShape.of(9000, 128, 7, 7, 1, ConvSpec.of(7, 1, 0)), Precision.FP32, H100)
                        .kernel());
        // few pixels but a short sum: a thread each (K 16 < 256)
        ConvShape shallow = ConvShape.of(2, 1, 8, 8, 1, STRIDED);
        assertEquals(Kernel.CONV2D_FORWARD_NARROW, ConvLaunches.forwardPlan(shallow, Precision.FP32, H100).kernel());
        // the input gradient of a layer from one channel, on a 4x4 image: 16 pixels, K = 64 x 16 = 1024
        ConvShape tiny = ConvShape.of(1, 1, 4, 4, 64, STRIDED);
        assertEquals(new Plan(Kernel.CONV2D_BACKWARD_DATA_NARROW_DEEP, new Grid(16, 1, 1)),
                ConvLaunches.backwardDataPlan(tiny, Precision.TF32, H100));
    }

    @Test
    void theNarrowGridHasAThreadForEveryColumn() {
        for (int n : new int[] {1, 255, 256, 257, 100_352}) {
            Grid grid = LaunchGeometry.narrowGrid(new LaunchGeometry.GemmSize(LaunchGeometry.NARROW_CONV_ROWS, n, 7));
            long threads = grid.blocks() * LaunchGeometry.NARROW_CONV_THREADS;
            assertEquals(true, threads >= n && threads - n < LaunchGeometry.NARROW_CONV_THREADS, n + " columns");
        }
    }
}
