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

/** Forward convolutions with few input channels over per-tap planes, runs crossing output rows. */
class TapPlaneConvTest {

    static Stream<ConvCase> cases() {
        return Stream.of(
                new ConvCase("MNIST-like k4 s2 p1, 1 -> 64, 14x14 outputs (12 runs and one overlapping)", 3, 1, 28, 28,
                        64, ConvSpec.of(4, 2, 1), true),
                new ConvCase("k4 s2 p1, 1 -> 17 (pairs of channels overlap), 15x15 outputs (tiles of runs overlap)", 2,
                        1, 30, 30, 17, ConvSpec.of(4, 2, 1), false),
                new ConvCase("k3 s1 p1, 3 -> 16, rows of 21 (two vectors a row, the second overlapping)", 2, 3, 20, 21,
                        16, ConvSpec.of(3, 1, 1), true),
                new ConvCase("k5x3, strides 3x2, padding 2x1, dilation 2 along H, 2 -> 18, rows of 17", 3, 2, 40, 33, 18,
                        new ConvSpec(5, 3, 3, 2, 2, 1, 2, 1), true),
                new ConvCase("k2 s2 p0, taps never overlap, 1 -> 32, 17x15 outputs", 2, 1, 34, 30, 32,
                        ConvSpec.of(2, 2, 0), false),
                new ConvCase("k5 s2 p3, padding wider than a window step, 1 -> 16", 2, 1, 27, 27, 16,
                        ConvSpec.of(5, 2, 3), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheFloat64Reference(ConvCase c) {
        ConvGeometry g = c.geometry();
        assumeTrue(TapPlaneConv.fits(g), "planes shorter than a tile of runs of " + Vectors.LANES);
        Rng rng = new Rng(c.name().hashCode());
        ConvSpec s = c.spec();
        Tensor x = ConvTesting.random(rng, c.n(), c.cIn(), c.h(), c.w());
        Tensor w = ConvTesting.random(rng, c.cOut(), c.cIn(), s.kernelH(), s.kernelW());
        Tensor bias = c.bias() ? ConvTesting.random(rng, c.cOut()) : null;
        Tensor y = ConvTesting.filledWith(Float.NaN, c.n(), c.cOut(), g.outH(), g.outW());
        TapPlaneConv.forward(g, x.data(), w.data(), bias == null ? null : bias.data(), y.data());
        ConvTesting.assertClose("forward", ReferenceConv.forward(x, w, bias, s), y, y.shape());
    }

    @Test
    void conv2dAndConvTranspose2dRouteNarrowRowsHereAndGetTheSameBits() {
        Rng rng = new Rng(7);
        ConvSpec s = ConvSpec.of(4, 2, 1);
        ConvGeometry g = new ConvGeometry(3, 1, 28, 28, 32, 14, 14, s);
        assumeTrue(TapPlaneConv.handles(g), "not taken with vectors of " + Vectors.LANES);
        Tensor x = ConvTesting.random(rng, 3, 1, 28, 28);
        Tensor w = ConvTesting.random(rng, 32, 1, 4, 4);
        Tensor bias = ConvTesting.random(rng, 32);
        float[] direct = new float[3 * 32 * 196];
        TapPlaneConv.forward(g, x.data(), w.data(), bias.data(), direct);
        assertArrayEquals(direct, Conv2d.forward(x, w, bias, s).data());
        float[] noBias = new float[direct.length];
        TapPlaneConv.forward(g, x.data(), w.data(), null, noBias);
        // the input gradient of a transposed convolution 32 -> 1 is this convolution of its output gradient
        assertArrayEquals(noBias, ConvTranspose2d.backwardInput(x, w, s).data());
    }

    @Test
    void takesFewInputChannelsEnoughOutputChannelsAndLongPlanesOfRowsThatAreNotWholeVectors() {
        ConvSpec s = ConvSpec.of(4, 2, 1);
        assertEquals(Vectors.LANES == 16, TapPlaneConv.handles(new ConvGeometry(2, 3, 28, 28, 16, 14, 14, s)));
        assertFalse(TapPlaneConv.handles(new ConvGeometry(2, 16, 28, 28, 16, 14, 14, s)), "16 input channels");
        assertFalse(TapPlaneConv.handles(new ConvGeometry(2, 1, 28, 28, 15, 14, 14, s)), "15 output channels");
        assertFalse(TapPlaneConv.handles(new ConvGeometry(2, 1, 64, 64, 64, 32, 32, s)), "rows of 32: whole vectors");
        assertFalse(TapPlaneConv.handles(new ConvGeometry(2, 1, 26, 26, 64, 13, 13, s)), "169 positions: 11 runs");
        assertFalse(TapPlaneConv.handles(new ConvGeometry(2, 1, 42, 42, 64, 14, 14, ConvSpec.of(4, 3, 1))), "stride 3");
        assertFalse(TapPlaneConv.handles(new ConvGeometry(2, 1, 31, 31, 64, 14, 14, s.withDilation(2))), "dilated");
    }
}
