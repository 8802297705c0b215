package dev.jgan.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.reference.ReferenceConv;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The channels-last direct passes: forward, backward to the input and weight gradient. */
class ChannelsLastConvTest {

    static Stream<ConvCase> cases() {
        return Stream.of(
                new ConvCase("DCGAN-like k4 s2 p1, 16 images, 64 -> 128", 16, 64, 14, 14, 128, ConvSpec.of(4, 2, 1), true),
                new ConvCase("k4 s2 p1, 13 images (a tile of 8, 4 and 1), 17 -> 40 channels, odd size", 13, 17, 9, 11, 40,
                        ConvSpec.of(4, 2, 1), true),
                new ConvCase("k3 s2 p1, 7 images, 33 -> 16 channels", 7, 33, 10, 7, 16, ConvSpec.of(3, 2, 1), false),
                new ConvCase("k5x4 s3x2, uneven padding, 11 images", 11, 20, 13, 9, 35,
                        new ConvSpec(5, 4, 3, 2, 2, 1, 1, 1), true),
                new ConvCase("k2 s2 p0, taps never overlap, 9 images", 9, 16, 8, 6, 65, ConvSpec.of(2, 2, 0), false),
                new ConvCase("k5 s2 p3, rows without taps at the border, 8 images", 8, 18, 7, 9, 19, ConvSpec.of(5, 2, 3), true),
                new ConvCase("k3x1 s2x1, width 1, 5 images", 5, 16, 9, 1, 31, new ConvSpec(3, 1, 2, 1, 1, 0, 1, 1), false),
                new ConvCase("k3 s2 p1 dilation 2, 10 images", 10, 16, 12, 11, 17, new ConvSpec(3, 3, 2, 2, 1, 1, 2, 2), true),
                new ConvCase("k4 s2 p1, 3 images (no full tile), 20 -> 16 channels", 3, 20, 6, 6, 16, ConvSpec.of(4, 2, 1), false),
                new ConvCase("k3 s3, a tap reaching no position, 12 images, 16 -> 48", 12, 16, 4, 4, 48,
                        new ConvSpec(3, 3, 3, 3, 2, 2, 1, 1), true),
                new ConvCase("k4 s2 p1, a larger plane (572 inputs, 143 outputs), 9 images, 16 -> 24", 9, 16, 26, 22, 24,
                        ConvSpec.of(4, 2, 1), true),
                new ConvCase("k4 s2 p1, 200 KB images (weight-gradient tiles of 2 and 1), 9 images, 40 -> 24",
                        9, 40, 36, 36, 24, ConvSpec.of(4, 2, 1), false));
    }

    @Test
    void weightGradientTilesHoldAsManyImagesAsFitHalfOfL2() {
        // 50 KB images: ten would fit, a full tile is taken (8 images with 16-float vectors, 4 with 8-float ones)
        assertEquals(ChannelsLastConv.TILE_IMAGES, ChannelsLastWeightGradient.tileImages(new ConvCase("", 9, 64, 14, 14,
                128, ConvSpec.of(4, 2, 1), false).geometry()));
        assertEquals(2, ChannelsLastWeightGradient.tileImages(new ConvCase("", 9, 40, 36, 36, 24, ConvSpec.of(4, 2, 1),
                false).geometry()));
        assertEquals(1, ChannelsLastWeightGradient.tileImages(new ConvCase("", 9, 64, 64, 64, 24, ConvSpec.of(4, 2, 1),
                false).geometry()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bothPassesMatchTheFloat64Reference(ConvCase c) {
        Rng rng = new Rng(c.name().hashCode());
        ConvSpec s = c.spec();
        ConvGeometry g = c.geometry();
        Tensor x = ConvTesting.random(rng, c.n(), c.cIn(), c.h(), c.w());
        Tensor w = ConvTesting.random(rng, c.cOut(), c.cIn(), s.kernelH(), s.kernelW());
        Tensor yBias = c.bias() ? ConvTesting.random(rng, c.cOut()) : null;
        Tensor xBias = c.bias() ? ConvTesting.random(rng, c.cIn()) : null;
        Tensor dy = ConvTesting.random(rng, c.n(), c.cOut(), g.outH(), g.outW());

        Tensor y = ConvTesting.filledWith(Float.NaN, c.n(), c.cOut(), g.outH(), g.outW());
        ChannelsLastConv.forward(g, x.data(), w.data(), yBias == null ? null : yBias.data(), y.data());
        ConvTesting.assertClose("forward", ReferenceConv.forward(x, w, yBias, s), y, y.shape());

        Tensor dx = ConvTesting.filledWith(Float.NaN, c.n(), c.cIn(), c.h(), c.w());
        ChannelsLastConv.backwardInput(g, dy.data(), w.data(), xBias == null ? null : xBias.data(), dx.data());
        double[] expected = ReferenceConv.backwardInput(dy, w, s, c.h(), c.w());
        if (xBias != null) {
            int plane = c.h() * c.w();
            for (int i = 0; i < expected.length; i++) {
                expected[i] += xBias.data()[i / plane % c.cIn()];
            }
        }
        ConvTesting.assertClose("backwardInput", expected, dx, dx.shape());

        Tensor dw = ConvTesting.filledWith(Float.NaN, w.shape());
        ChannelsLastWeightGradient.backwardWeight(g, dy.data(), x.data(), dw.data());
        ConvTesting.assertClose("backwardWeight", ReferenceConv.backwardWeight(dy, x, s), dw, w.shape());
    }

    @Test
    void anImagesResultDoesNotDependOnWhichTileComputedIt() {
        // 13 images: image 12 goes through the one-image kernel, and through the eight-image kernel
        // when it is moved to the front of the batch
        Rng rng = new Rng(5);
        ConvSpec s = ConvSpec.of(4, 2, 1);
        ConvGeometry g = new ConvGeometry(13, 24, 10, 10, 33, 5, 5, s);
        Tensor x = ConvTesting.random(rng, 13, 24, 10, 10);
        Tensor w = ConvTesting.random(rng, 33, 24, 4, 4);
        float[] y = new float[13 * 33 * 25];
        ChannelsLastConv.forward(g, x.data(), w.data(), null, y);
        float[] moved = x.data().clone();
        int perImage = 24 * 100;
        System.arraycopy(x.data(), 12 * perImage, moved, 0, perImage);
        System.arraycopy(x.data(), 0, moved, 12 * perImage, perImage);
        float[] y2 = new float[y.length];
        ChannelsLastConv.forward(g, moved, w.data(), null, y2);
        int perOutput = 33 * 25;
        float[] last = new float[perOutput];
        float[] first = new float[perOutput];
        System.arraycopy(y, 12 * perOutput, last, 0, perOutput);
        System.arraycopy(y2, 0, first, 0, perOutput);
        assertArrayEquals(last, first);
    }

    @Test
    void tapListsLeaveOutEveryTapThatReadsPadding() {
        // 4x4 stride 2 pad 1 on 14x14: corner outputs see 3x3 real taps, edge ones 3x4, the rest 4x4
        ConvSpec s = ConvSpec.of(4, 2, 1);
        ConvGeometry g = new ConvGeometry(1, 1, 14, 14, 1, 7, 7, s);
        PositionTaps taps = PositionTaps.forward(g, 1, 1);
        assertEquals(49, taps.positions());
        assertEquals(9, taps.start[1] - taps.start[0]);
        assertEquals(12, taps.start[2] - taps.start[1]);
        assertEquals(16, taps.start[9] - taps.start[8]);
        assertEquals(26 * 26, taps.start[49]);
        PositionTaps back = PositionTaps.backwardInput(g, 1, 1);
        assertEquals(196, back.positions());
        assertEquals(26 * 26, back.start[196]);
    }
}
