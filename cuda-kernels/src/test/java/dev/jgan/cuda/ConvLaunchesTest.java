package dev.jgan.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.cuda.ConvLaunches.Plan;
import dev.jgan.cuda.LaunchGeometry.Grid;
import dev.jgan.tensor.kernels.ConvSpec;
import org.junit.jupiter.api.Test;

/** Which kernel and grid each convolution pass gets, checked on the CPU. */
class ConvLaunchesTest {
    private static final ConvSpec STRIDED = ConvSpec.of(4, 2, 1);

    @Test
    void fewOutputChannelsRunTheNarrowForwardInEitherPrecision() {
        // a generator's last layer as a convolution: 64 -> 3 channels, 64x64 output, batch 5
        ConvShape toRgb = ConvShape.of(5, 64, 64, 64, 3, ConvSpec.of(3, 1, 1));
        for (Precision precision : Precision.values()) {
            assertEquals(new Plan(Kernel.CONV2D_FORWARD_NARROW, new Grid(80, 1, 1)),  // 5*64*64 / 256 columns
                    ConvLaunches.forwardPlan(toRgb, precision));
        }
        ConvShape five = ConvShape.of(5, 64, 64, 64, 5, ConvSpec.of(3, 1, 1));
        assertEquals(new Plan(Kernel.CONV2D_FORWARD_FP32, new Grid(320, 1, 1)), ConvLaunches.forwardPlan(five, Precision.FP32));
        assertEquals(new Plan(Kernel.CONV2D_FORWARD_TF32, new Grid(320, 1, 1)), ConvLaunches.forwardPlan(five, Precision.TF32));
    }

    @Test
    void fewInputChannelsRunTheNarrowInputGradient() {
        // a discriminator's first layer on 28x28 grey images, batch 3: dx has 3*28*28 = 2352 columns
        ConvShape first = ConvShape.of(3, 1, 28, 28, 64, STRIDED);
        for (Precision precision : Precision.values()) {
            assertEquals(new Plan(Kernel.CONV2D_BACKWARD_DATA_NARROW, new Grid(10, 1, 1)),
                    ConvLaunches.backwardDataPlan(first, precision));
            assertEquals(Kernel.CONV2D_FORWARD_FP32 == ConvLaunches.forwardPlan(first, precision).kernel(),
                    precision == Precision.FP32, "64 output channels take the tiles");
        }
        ConvShape wide = ConvShape.of(3, 8, 28, 28, 64, STRIDED);
        assertEquals(new Plan(Kernel.CONV2D_BACKWARD_DATA_TF32, new Grid(37, 1, 1)),  // 2352 / 64 columns
                ConvLaunches.backwardDataPlan(wide, Precision.TF32));
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
