package dev.jgan.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.cuda.ConvLaunches.Plan;
import dev.jgan.cuda.LaunchGeometry.Grid;
import dev.jgan.cuda.LaunchGeometry.SplitK;
import dev.jgan.tensor.kernels.ConvSpec;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Which kernel and grid each convolution pass gets, checked on the CPU. */
class ConvLaunchesTest {
    private static final ConvSpec STRIDED = ConvSpec.of(4, 2, 1);
    private static final int H100 = LaunchGeometry.PLAN_MULTIPROCESSORS;

    @Test
    void fewOutputChannelsRunTheNarrowForwardInEitherPrecision() {
        // a generator's last layer as a convolution: 64 -> 3 channels, 64x64 output, batch 5
        ConvShape toRgb = ConvShape.of(5, 64, 64, 64, 3, ConvSpec.of(3, 1, 1));
        for (Precision precision : Precision.values()) {
            assertEquals(new Plan(Kernel.CONV2D_FORWARD_NARROW, new Grid(80, 1, 1), null),  // 5*64*64 / 256 columns
                    ConvLaunches.forwardPlan(toRgb, precision, ConvTiles.AUTOMATIC, H100));
        }
        ConvShape five = ConvShape.of(5, 64, 64, 64, 5, ConvSpec.of(3, 1, 1));
        assertEquals(new Plan(Kernel.CONV2D_FORWARD_FP32, new Grid(320, 1, 1), new SplitK(1, 576)), ConvLaunches.forwardPlan(five, Precision.FP32, ConvTiles.AUTOMATIC, H100));
        assertEquals(new Plan(Kernel.CONV2D_FORWARD_TF32, new Grid(320, 1, 1), new SplitK(1, 576)), ConvLaunches.forwardPlan(five, Precision.TF32, ConvTiles.AUTOMATIC, H100));
    }

    @Test
    void fewInputChannelsRunTheNarrowInputGradient() {
        // a discriminator's first layer on 28x28 grey images, batch 16: dx has 4 phases of 16*14*14 = 3136 columns
        ConvShape first = ConvShape.of(16, 1, 28, 28, 64, STRIDED);
        for (Precision precision : Precision.values()) {
            assertEquals(new Plan(Kernel.CONV2D_BACKWARD_DATA_PHASED_NARROW, new Grid(13, 1, 4), null, 4),
                    ConvLaunches.backwardDataPlan(first, precision, ConvTiles.AUTOMATIC, H100));
            assertEquals(Kernel.CONV2D_FORWARD_FP32 == ConvLaunches.forwardPlan(first, precision, ConvTiles.AUTOMATIC, H100).kernel(),
                    precision == Precision.FP32, "64 output channels take the tiles");
        }
        // on 27x27 images the phases differ in size: 16*27*27 = 11664 columns, all taps
        ConvShape odd = ConvShape.of(16, 1, 27, 27, 64, STRIDED);
        assertEquals(new Plan(Kernel.CONV2D_BACKWARD_DATA_NARROW, new Grid(46, 1, 1), null),
                ConvLaunches.backwardDataPlan(odd, Precision.FP32, ConvTiles.AUTOMATIC, H100));
        ConvShape wide = ConvShape.of(16, 8, 28, 28, 64, STRIDED);
        assertEquals(new Plan(Kernel.CONV2D_BACKWARD_DATA_PHASED_TF32, new Grid(49, 1, 4), new SplitK(1, 256), 4),
                ConvLaunches.backwardDataPlan(wide, Precision.TF32, ConvTiles.AUTOMATIC, H100));  // 3136 / 64 columns, K = 64 x 2 x 2
    }

    @Test
    void stridedInputGradientsRunByPhasesWhenThePhasesAreAlike() {
        // mnist-g2, a transposed convolution 128 -> 64 channels, 7x7 -> 14x14, batch 128, as the input gradient
        // of the convolution it transposes: 4 phases of 128*7*7 = 6272 columns, K = 128 x 2 x 2 instead of 128 x 16
        ConvShape g2 = ConvShape.of(128, 64, 14, 14, 128, STRIDED);
        assertEquals(new LaunchGeometry.GemmSize(64, 6272, 512), g2.phasedBackwardDataGemm());
        for (Precision precision : Precision.values()) {
            Kernel kernel = precision == Precision.FP32 ? Kernel.CONV2D_BACKWARD_DATA_PHASED_FP32
                    : Kernel.CONV2D_BACKWARD_DATA_PHASED_TF32;
            assertEquals(new Plan(kernel, new Grid(98, 1, 4), new SplitK(1, 512), 4),
                    ConvLaunches.backwardDataPlan(g2, precision, ConvTiles.AUTOMATIC, H100));
        }
        // stride 2 x 3 on 12 x 9 with a 4 x 3 kernel: 6 phases of 6 x 3 pixels, 2 x 1 taps
        ConvShape mixed = ConvShape.of(3, 5, 12, 9, 70, new ConvSpec(4, 3, 2, 3, 0, 2, 1, 1));
        assertEquals(new LaunchGeometry.GemmSize(5, 54, 140), mixed.phasedBackwardDataGemm());
        assertEquals(6, ConvLaunches.backwardDataPlan(mixed, Precision.FP32, ConvTiles.AUTOMATIC, H100).phases());
        // not by phases: stride 1, dilation 2, a stride that does not divide the kernel (3) or the input (13)
        for (ConvShape plain : List.of(ConvShape.of(128, 64, 14, 14, 128, ConvSpec.of(3, 1, 1)),
                ConvShape.of(2, 64, 14, 14, 128, new ConvSpec(4, 4, 2, 2, 1, 1, 2, 2)),
                ConvShape.of(2, 64, 14, 14, 128, ConvSpec.of(3, 2, 1)),
                ConvShape.of(2, 64, 13, 13, 128, STRIDED))) {
            Plan plan = ConvLaunches.backwardDataPlan(plain, Precision.FP32, ConvTiles.AUTOMATIC, H100);
            assertEquals(Kernel.CONV2D_BACKWARD_DATA_FP32, plan.kernel(), plain.toString());
            assertEquals(1, plan.phases(), plain.toString());
        }
    }

    @Test
    void passesThatFillTheGpuWithLargeTilesTakeThem() {
        // BigGAN's 256-channel 3x3 layer at 32x32, batch 16: 2 x 128 large tiles for the forward and input gradient
        ConvShape layer = ConvShape.of(16, 256, 32, 32, 256, ConvSpec.of(3, 1, 1));
        assertEquals(new Plan(Kernel.CONV2D_FORWARD_FP32_LARGE, new Grid(128, 2, 1), new SplitK(1, 2304)),
                ConvLaunches.forwardPlan(layer, Precision.FP32, ConvTiles.AUTOMATIC, H100));
        assertEquals(Kernel.CONV2D_BACKWARD_DATA_FP32_LARGE,
                ConvLaunches.backwardDataPlan(layer, Precision.FP32, ConvTiles.AUTOMATIC, H100).kernel());
        // its weight gradient: 256 x 2304 in 2 x 18 large tiles, too few; 4 x 36 small tiles, whole
        assertEquals(new Plan(Kernel.CONV2D_BACKWARD_WEIGHT_FP32, new Grid(36, 4, 1), new SplitK(1, 16384)),
                ConvLaunches.backwardWeightPlan(layer, Precision.FP32, ConvTiles.AUTOMATIC, H100));
        // ... and the small ones when asked
        assertEquals(new Plan(Kernel.CONV2D_FORWARD_FP32, new Grid(256, 4, 1), new SplitK(1, 2304)),
                ConvLaunches.forwardPlan(layer, Precision.FP32, ConvTiles.SMALL, H100));
        assertEquals(new Plan(Kernel.CONV2D_BACKWARD_DATA_PHASED_TF32, new Grid(98, 1, 4), new SplitK(1, 512), 4),
                ConvLaunches.backwardDataPlan(ConvShape.of(128, 64, 14, 14, 128, STRIDED), Precision.TF32,
                        ConvTiles.SMALL, H100));
        // TF32 the same, on its own large tiles
        assertEquals(new Plan(Kernel.CONV2D_FORWARD_TF32_LARGE, new Grid(128, 2, 1), new SplitK(1, 2304)),
                ConvLaunches.forwardPlan(layer, Precision.TF32, ConvTiles.AUTOMATIC, H100));
        // mnist-d2's input gradient at batch 1024 by phases: 4 phases of 64 x 50176 (64 rows: small tiles)
        ConvShape d2 = ConvShape.of(1024, 64, 14, 14, 128, STRIDED);
        assertEquals(Kernel.CONV2D_BACKWARD_DATA_PHASED_FP32,
                ConvLaunches.backwardDataPlan(d2, Precision.FP32, ConvTiles.AUTOMATIC, H100).kernel());
    }

    @Test
    void aPhasedSplitCountsEveryPhasesTiles() {
        // 20 -> 160 channels on 8x8, batch 1: 4 phases of one 20 x 16 tile, K = 160 x 4 = 640
        ConvShape shape = ConvShape.of(1, 20, 8, 8, 160, STRIDED);
        // 4 tiles want 66 splits; a K of 640 affords 2 of at least 256
        assertEquals(new Plan(Kernel.CONV2D_BACKWARD_DATA_PHASED_FP32, new Grid(1, 1, 8), new SplitK(2, 320), 4),
                ConvLaunches.backwardDataPlan(shape, Precision.FP32, ConvTiles.AUTOMATIC, H100));
        // a long reduction on few tiles: the splits are cut for 4 phases' tiles, 264 / (1 x 4) = 66 wanted,
        // K = 32768 in chunks of 512 (496.5 rounded up to whole slices) makes 64
        ConvShape deep = ConvShape.of(1, 20, 8, 8, 8192, STRIDED);
        assertEquals(new SplitK(64, 512), ConvLaunches.backwardDataPlan(deep, Precision.FP32, ConvTiles.AUTOMATIC, H100).split());
        assertEquals(new Grid(1, 1, 256), ConvLaunches.backwardDataPlan(deep, Precision.FP32, ConvTiles.AUTOMATIC, H100).grid());
    }

    @Test
    void fewPixelsWithLongSumsGetABlockEach() {
        // a discriminator's last layer: 128 -> 1 channel, 7x7 kernel on 7x7, batch 128: one pixel an image, K 6272
        ConvShape last = ConvShape.of(128, 128, 7, 7, 1, ConvSpec.of(7, 1, 0));
        for (Precision precision : Precision.values()) {
            assertEquals(new Plan(Kernel.CONV2D_FORWARD_NARROW_DEEP, new Grid(128, 1, 1), null),
                    ConvLaunches.forwardPlan(last, precision, ConvTiles.AUTOMATIC, H100));
        }
        // the same layer at batch 9000 has enough pixels for a thread each
        assertEquals(Kernel.CONV2D_FORWARD_NARROW,
                ConvLaunches.forwardPlan(ConvShape.of(9000, 128, 7, 7, 1, ConvSpec.of(7, 1, 0)), Precision.FP32, ConvTiles.AUTOMATIC, H100)
                        .kernel());
        // few pixels but a short sum: a thread each (K 16 < 256)
        ConvShape shallow = ConvShape.of(2, 1, 8, 8, 1, STRIDED);
        assertEquals(Kernel.CONV2D_FORWARD_NARROW, ConvLaunches.forwardPlan(shallow, Precision.FP32, ConvTiles.AUTOMATIC, H100).kernel());
        // the input gradient of a layer from one channel, on a 4x4 image: 4 phases of 4 pixels, K = 64 x 4 = 256
        ConvShape tiny = ConvShape.of(1, 1, 4, 4, 64, STRIDED);
        assertEquals(new Plan(Kernel.CONV2D_BACKWARD_DATA_PHASED_NARROW_DEEP, new Grid(4, 1, 4), null, 4),
                ConvLaunches.backwardDataPlan(tiny, Precision.TF32, ConvTiles.AUTOMATIC, H100));
        // ... on a 5x5 image, not by phases: 25 pixels, K = 64 x 16 = 1024
        assertEquals(new Plan(Kernel.CONV2D_BACKWARD_DATA_NARROW_DEEP, new Grid(25, 1, 1), null),
                ConvLaunches.backwardDataPlan(ConvShape.of(1, 1, 5, 5, 64, STRIDED), Precision.TF32, ConvTiles.AUTOMATIC, H100));
    }

    @Test
    void fewTilesWithLongSumsAreSplitAlongK() {
        // a BigGAN 3x3 layer at 16x16, batch 1: 512 x 256 outputs are 32 tiles, K = 4608; 264 blocks wanted
        ConvShape deep = ConvShape.of(1, 512, 16, 16, 512, ConvSpec.of(3, 1, 1));
        for (Precision precision : Precision.values()) {
            Kernel forward = precision == Precision.FP32 ? Kernel.CONV2D_FORWARD_FP32 : Kernel.CONV2D_FORWARD_TF32;
            assertEquals(new Plan(forward, new Grid(4, 8, 8), new SplitK(8, 576)),
                    ConvLaunches.forwardPlan(deep, precision, ConvTiles.AUTOMATIC, H100));
        }
        assertEquals(new Plan(Kernel.CONV2D_BACKWARD_DATA_FP32, new Grid(4, 8, 8), new SplitK(8, 576)),
                ConvLaunches.backwardDataPlan(deep, Precision.FP32, ConvTiles.AUTOMATIC, H100));
        // mnist-d2's weight gradient at batch 128: 128 x 1024 outputs are 32 tiles, K = 6272
        ConvShape d2 = ConvShape.of(128, 64, 14, 14, 128, STRIDED);
        assertEquals(new Plan(Kernel.CONV2D_BACKWARD_WEIGHT_TF32, new Grid(16, 2, 8), new SplitK(8, 784)),
                ConvLaunches.backwardWeightPlan(d2, Precision.TF32, ConvTiles.AUTOMATIC, H100));
        // on a GPU with 8 multiprocessors its 8 large tiles give each multiprocessor a block, 2 splits two
        assertEquals(new Plan(Kernel.CONV2D_FORWARD_FP32_LARGE, new Grid(2, 4, 2), new SplitK(2, 2304)),
                ConvLaunches.forwardPlan(deep, Precision.FP32, ConvTiles.AUTOMATIC, 8));
    }

    /** The GPU tests' geometries reach every kernel of every pass, split and whole, on an H100. */
    @Test
    void theGpuTestCasesTakeEveryPath() {
        Set<String> paths = new TreeSet<>();
        for (ConvCase c : ConvCase.CASES) {
            ConvShape shape = ConvShape.of(c.batch(), c.inC(), c.h(), c.w(), c.outC(), c.spec());
            for (Precision precision : Precision.values()) {
                for (Plan plan : List.of(ConvLaunches.forwardPlan(shape, precision, ConvTiles.AUTOMATIC, H100),
                        ConvLaunches.backwardDataPlan(shape, precision, ConvTiles.AUTOMATIC, H100),
                        ConvLaunches.backwardWeightPlan(shape, precision, ConvTiles.AUTOMATIC, H100))) {
                    paths.add(plan.kernel() + (plan.tiled() ? (plan.split().splits() > 1 ? " split" : " whole") : ""));
                }
            }
        }
        // large tiles are taken only when they alone fill the GPU, so they split only at exactly 132 tiles
        // with a long sum; the emulator checks their split sums
        assertEquals(new TreeSet<>(List.of(
                "CONV2D_BACKWARD_DATA_FP32 split", "CONV2D_BACKWARD_DATA_FP32 whole",
                "CONV2D_BACKWARD_DATA_FP32_LARGE whole", "CONV2D_BACKWARD_DATA_NARROW",
                "CONV2D_BACKWARD_DATA_NARROW_DEEP", "CONV2D_BACKWARD_DATA_PHASED_FP32 split",
                "CONV2D_BACKWARD_DATA_PHASED_FP32 whole", "CONV2D_BACKWARD_DATA_PHASED_FP32_LARGE whole",
                "CONV2D_BACKWARD_DATA_PHASED_NARROW", "CONV2D_BACKWARD_DATA_PHASED_NARROW_DEEP",
                "CONV2D_BACKWARD_DATA_PHASED_TF32 split", "CONV2D_BACKWARD_DATA_PHASED_TF32 whole",
                "CONV2D_BACKWARD_DATA_PHASED_TF32_LARGE whole", "CONV2D_BACKWARD_DATA_TF32 split",
                "CONV2D_BACKWARD_DATA_TF32 whole", "CONV2D_BACKWARD_DATA_TF32_LARGE whole",
                "CONV2D_BACKWARD_WEIGHT_FP32 split", "CONV2D_BACKWARD_WEIGHT_FP32 whole",
                "CONV2D_BACKWARD_WEIGHT_FP32_LARGE whole", "CONV2D_BACKWARD_WEIGHT_TF32 split",
                "CONV2D_BACKWARD_WEIGHT_TF32 whole", "CONV2D_BACKWARD_WEIGHT_TF32_LARGE whole",
                "CONV2D_FORWARD_FP32 split", "CONV2D_FORWARD_FP32 whole",
                "CONV2D_FORWARD_FP32_LARGE whole", "CONV2D_FORWARD_NARROW", "CONV2D_FORWARD_NARROW_DEEP",
                "CONV2D_FORWARD_TF32 split", "CONV2D_FORWARD_TF32 whole", "CONV2D_FORWARD_TF32_LARGE whole")), paths);
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
