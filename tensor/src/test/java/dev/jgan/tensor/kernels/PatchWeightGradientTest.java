package dev.jgan.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.reference.ReferenceConv;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The weight gradient of convolutions with few input channels, over padded channels-last images. */
class PatchWeightGradientTest {

    static Stream<ConvCase> cases() {
        return Stream.of(
                new ConvCase("MNIST-like k4 s2 p1, 1 -> 64, 9 images", 9, 1, 28, 28, 64, ConvSpec.of(4, 2, 1), false),
                new ConvCase("RGB k4 s2 p1, 3 -> 40 (a padded vector pair), odd size", 5, 3, 13, 11, 40, ConvSpec.of(4, 2, 1), false),
                new ConvCase("k3 s1 p1, 15 -> 16, one image", 1, 15, 7, 5, 16, ConvSpec.of(3, 1, 1), false),
                new ConvCase("k5x3 s3x2, uneven padding, 2 -> 33, 3 images", 3, 2, 17, 9, 33, new ConvSpec(5, 3, 3, 2, 2, 1, 1, 1), false),
                new ConvCase("k3 dilation 2 s2 p2, 1 -> 17, 4 images", 4, 1, 12, 11, 17, new ConvSpec(3, 3, 2, 2, 2, 2, 2, 2), false),
                new ConvCase("k1 s2, 7 -> 20, width 1", 6, 7, 9, 1, 20, ConvSpec.of(1, 2, 0), false),
                new ConvCase("k5 s2 p3, padding wider than a window step, 1 -> 32", 3, 1, 6, 7, 32, ConvSpec.of(5, 2, 3), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheFloat64Reference(ConvCase c) {
        Rng rng = new Rng(c.name().hashCode());
        ConvSpec s = c.spec();
        ConvGeometry g = c.geometry();
        assertTrue(PatchWeightGradient.handles(g));
        Tensor x = ConvTesting.random(rng, c.n(), c.cIn(), c.h(), c.w());
        Tensor dy = ConvTesting.random(rng, c.n(), c.cOut(), g.outH(), g.outW());
        Tensor dw = ConvTesting.filledWith(Float.NaN, c.cOut(), c.cIn(), s.kernelH(), s.kernelW());
        PatchWeightGradient.backwardWeight(g, dy.data(), x.data(), dw.data());
        ConvTesting.assertClose("backwardWeight", ReferenceConv.backwardWeight(dy, x, s), dw, dw.shape());
    }

    @Test
    void conv2dAndConvTranspose2dRouteFewImageChannelsHereAndGetTheSameBits() {
        Rng rng = new Rng(11);
        // 3x3 windows: a patch of 27, not whole vectors, which TapVectorWeightGradient leaves here
        ConvSpec s = ConvSpec.of(3, 2, 1);
        Tensor x = ConvTesting.random(rng, 10, 3, 16, 16);
        Tensor dy = ConvTesting.random(rng, 10, 48, 8, 8);
        float[] direct = new float[48 * 3 * 9];
        ConvGeometry g = new ConvGeometry(10, 3, 16, 16, 48, 8, 8, s);
        assertFalse(TapVectorWeightGradient.handles(g));
        PatchWeightGradient.backwardWeight(g, dy.data(), x.data(), direct);
        Tensor viaConv2d = Tensor.zeros(48, 3, 3, 3);
        Conv2d.backwardWeight(dy, x, s, viaConv2d);
        assertArrayEquals(direct, viaConv2d.data());
        // a transposed convolution 48 -> 3 with input dy and output gradient x has the same weight gradient
        assertArrayEquals(direct, ConvTranspose2d.backwardWeight(x, dy, s).data());
    }

    @Test
    void takesOnlyFewInputChannelsAndEnoughOutputChannels() {
        ConvSpec s = ConvSpec.of(4, 2, 1);
        for (ConvGeometry g : new ConvGeometry[] {new ConvGeometry(8, 15, 8, 8, 16, 4, 4, s),
                new ConvGeometry(8, 16, 8, 8, 16, 4, 4, s), new ConvGeometry(8, 3, 8, 8, 15, 4, 4, s),
                new ConvGeometry(0, 3, 8, 8, 16, 4, 4, s)}) {
            boolean expected = g.inChannels() < 16 && g.outChannels() >= 16 && g.images() > 0;
            assertEquals(expected, PatchWeightGradient.handles(g), g.toString());
        }
    }
}
