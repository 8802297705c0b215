package dev.jgan.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.Vectors;
import dev.jgan.tensor.reference.ReferenceConv;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The weight gradient of convolutions with few input channels, vectors along the taps of each patch. */
class TapVectorWeightGradientTest {

    static Stream<ConvCase> cases() {
        return Stream.of(
                new ConvCase("MNIST-like k4 s2 p1, 1 -> 64, 9 images", 9, 1, 28, 28, 64, ConvSpec.of(4, 2, 1), false),
                new ConvCase("k4 s2 p1, 1 -> 21 (a block of 16 and 5 single channels), odd 13x11", 5, 1, 13, 11, 21,
                        ConvSpec.of(4, 2, 1), false),
                new ConvCase("k4 s1 p2, 1 -> 17, odd plane of 8x6", 3, 1, 7, 5, 17, ConvSpec.of(4, 1, 2), false),
                new ConvCase("k2x8 s2x1, uneven padding, window rows of 8, 1 -> 32", 4, 1, 9, 12, 32,
                        new ConvSpec(2, 8, 2, 1, 1, 3, 1, 1), false),
                new ConvCase("k4 dilation 2 along H only, 1 -> 16", 2, 1, 12, 9, 16, new ConvSpec(4, 4, 1, 2, 2, 1, 2, 1),
                        false),
                new ConvCase("2 channels k2x4 s2 p1, window rows of 8, 2 -> 20", 3, 2, 11, 10, 20,
                        new ConvSpec(2, 4, 2, 2, 1, 1, 1, 1), false),
                new ConvCase("RGB k4 s2 p1, 3 -> 40, patch of three 16-float vectors", 5, 3, 13, 11, 40,
                        ConvSpec.of(4, 2, 1), false),
                new ConvCase("RGB k4 s2 p1, 3 -> 21 (two blocks of 8 and 5 single channels), three vectors", 3, 3, 10,
                        14, 21, ConvSpec.of(4, 2, 1), false),
                new ConvCase("2 channels k4 s2 p1, patch of two vectors, 2 -> 16", 3, 2, 9, 12, 16, ConvSpec.of(4, 2, 1),
                        false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheFloat64Reference(ConvCase c) {
        ConvGeometry g = c.geometry();
        assumeTrue(TapVectorWeightGradient.fits(g), "patch or window rows do not fit vectors of " + Vectors.LANES);
        Rng rng = new Rng(c.name().hashCode());
        ConvSpec s = c.spec();
        Tensor x = ConvTesting.random(rng, c.n(), c.cIn(), c.h(), c.w());
        Tensor dy = ConvTesting.random(rng, c.n(), c.cOut(), g.outH(), g.outW());
        Tensor dw = ConvTesting.filledWith(Float.NaN, c.cOut(), c.cIn(), s.kernelH(), s.kernelW());
        TapVectorWeightGradient.backwardWeight(g, dy.data(), x.data(), dw.data());
        ConvTesting.assertClose("backwardWeight", ReferenceConv.backwardWeight(dy, x, s), dw, dw.shape());
    }

    @Test
    void conv2dAndConvTranspose2dRouteOneChannel4x4WindowsHereAndGetTheSameBits() {
        Rng rng = new Rng(12);
        ConvSpec s = ConvSpec.of(4, 2, 1);
        ConvGeometry g = new ConvGeometry(6, 1, 20, 20, 48, 10, 10, s);
        assumeTrue(TapVectorWeightGradient.handles(g), "not taken with vectors of " + Vectors.LANES);
        Tensor x = ConvTesting.random(rng, 6, 1, 20, 20);
        Tensor dy = ConvTesting.random(rng, 6, 48, 10, 10);
        float[] direct = new float[48 * 16];
        TapVectorWeightGradient.backwardWeight(g, dy.data(), x.data(), direct);
        assertArrayEquals(direct, Conv2d.backwardWeight(dy, x, s).data());
        // a transposed convolution 48 -> 1 with input dy and output gradient x has the same weight gradient
        assertArrayEquals(direct, ConvTranspose2d.backwardWeight(x, dy, s).data());
    }

    @Test
    void takesPatchesOfOneOrThreeVectorsWithEnoughOutputChannels() {
        ConvSpec s = ConvSpec.of(4, 2, 1);
        boolean wide = Vectors.LANES == 16;
        assertEquals(wide, TapVectorWeightGradient.handles(new ConvGeometry(2, 1, 8, 8, 16, 4, 4, s)));
        assertEquals(wide, TapVectorWeightGradient.handles(new ConvGeometry(2, 3, 8, 8, 64, 4, 4, s)), "patch 48");
        assertFalse(TapVectorWeightGradient.handles(new ConvGeometry(2, 1, 8, 8, 15, 4, 4, s)), "15 outputs");
        assertFalse(TapVectorWeightGradient.handles(new ConvGeometry(2, 2, 8, 8, 64, 4, 4, s)), "patch 32");
        assertFalse(TapVectorWeightGradient.handles(new ConvGeometry(2, 1, 8, 8, 64, 8, 8, ConvSpec.of(3, 1, 1))),
                "patch 9");
        assertFalse(TapVectorWeightGradient.handles(new ConvGeometry(2, 1, 12, 12, 64, 4, 4, s.withDilation(2))),
                "dilated rows");
    }
}
