package dev.jgan.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.WinogradConvTest.Case;
import dev.jgan.tensor.reference.Compare;
import dev.jgan.tensor.reference.ReferenceConv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WinogradWeightGradientTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource({"dev.jgan.tensor.kernels.WinogradConvTest#smallShapes",
            "dev.jgan.tensor.kernels.WinogradConvTest#wideShapes"})
    void matchesTheFloat64Reference(Case c) {
        Rng rng = new Rng(c.toString().hashCode() + 2);
        ConvGeometry g = c.geometry();
        Tensor x = Tensor.uniform(rng, -1f, 1f, c.n(), c.cIn(), c.h(), c.w());
        Tensor dy = Tensor.uniform(rng, -1f, 1f, c.n(), c.cOut(), g.outH(), g.outW());
        double[] expected = ReferenceConv.backwardWeight(dy, x, c.spec());
        Tensor dw = Tensor.full(Float.NaN, c.cOut(), c.cIn(), 3, 3);
        WinogradWeightGradient.backwardWeight(g, dy.data(), x.data(), dw.data());
        double error = Compare.relativeL2(expected, dw.data());
        assertTrue(error <= Compare.TOLERANCE, c + ": relative L2 error " + error);
    }

    /** Realistic values over many positions: unit-normal inputs and gradients on a 128x128 plane. */
    @Test
    void staysAccurateOverManyPositions() {
        Rng rng = new Rng(17);
        Case c = new Case(1, 8, 128, 128, 8, 1, 1, false);
        ConvGeometry g = c.geometry();
        Tensor x = Tensor.normal(rng, 0f, 1f, 1, c.cIn(), c.h(), c.w());
        Tensor dy = Tensor.normal(rng, 0f, 1f, 1, c.cOut(), g.outH(), g.outW());
        Tensor dw = Tensor.zeros(c.cOut(), c.cIn(), 3, 3);
        WinogradWeightGradient.backwardWeight(g, dy.data(), x.data(), dw.data());
        double error = Compare.relativeL2(ReferenceConv.backwardWeight(dy, x, c.spec()), dw.data());
        assertTrue(error <= Compare.TOLERANCE, "relative L2 error " + error);
    }

    @Test
    void conv2dTakesThisPathForManyPositionsOrWideLayers() {
        assertTrue(WinogradWeightGradient.handles(new Case(1, 64, 128, 128, 64, 1, 1, false).geometry()));
        assertTrue(WinogradWeightGradient.handles(new Case(4, 16, 32, 32, 16, 1, 1, false).geometry()));
        assertTrue(WinogradWeightGradient.handles(new Case(1, 256, 32, 32, 256, 1, 1, false).geometry()));
        assertFalse(WinogradWeightGradient.handles(new Case(1, 32, 32, 32, 32, 1, 1, false).geometry()));
        assertFalse(WinogradWeightGradient.handles(new Case(1, 512, 16, 16, 512, 1, 1, false).geometry()));
        assertFalse(WinogradWeightGradient.handles(new Case(1, 4, 128, 128, 64, 1, 1, false).geometry()));
        assertFalse(WinogradWeightGradient.handles(new ConvGeometry(1, 64, 128, 128, 64, 64, 64, ConvSpec.of(3, 2, 1))));
    }

    @Test
    void conv2dGivesThisPathsBits() {
        Case c = new Case(2, 24, 50, 70, 16, 1, 1, false);
        ConvGeometry g = c.geometry();
        assertTrue(WinogradWeightGradient.handles(g), "a BigGAN-like 3x3 layer's weight gradient should take this path");
        Rng rng = new Rng(8);
        Tensor x = Tensor.uniform(rng, -1f, 1f, c.n(), c.cIn(), c.h(), c.w());
        Tensor dy = Tensor.uniform(rng, -1f, 1f, c.n(), c.cOut(), g.outH(), g.outW());
        Tensor direct = Tensor.zeros(c.cOut(), c.cIn(), 3, 3);
        WinogradWeightGradient.backwardWeight(g, dy.data(), x.data(), direct.data());
        assertArrayEquals(direct.data(), Conv2d.backwardWeight(dy, x, c.spec()).data());
    }
}
