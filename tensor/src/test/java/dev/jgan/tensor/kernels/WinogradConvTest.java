package dev.jgan.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.reference.Compare;
import dev.jgan.tensor.reference.ReferenceConv;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WinogradConvTest {

    /** x [n, cIn, h, w] with a 3x3 kernel, stride 1, padding pad. */
    record Case(int n, int cIn, int h, int w, int cOut, int padH, int padW, boolean bias) {
        ConvSpec spec() {
            return new ConvSpec(3, 3, 1, 1, padH, padW, 1, 1);
        }

        ConvGeometry geometry() {
            return new ConvGeometry(n, cIn, h, w, cOut, spec().outH(h), spec().outW(w), spec());
        }

        @Override
        public String toString() {
            return "N" + n + " " + cIn + "->" + cOut + " " + h + "x" + w + " pad " + padH + "," + padW
                    + (bias ? " bias" : "");
        }
    }

    static Stream<Case> smallShapes() {
        List<Case> cases = new ArrayList<>();
        int[] sizes = {1, 2, 3, 5, 7, 13};
        int i = 0;
        for (int h : sizes) {
            for (int w : sizes) {
                for (int pad = 0; pad <= 2; pad++) {
                    if (h + 2 * pad < 3 || w + 2 * pad < 3) {
                        continue;
                    }
                    i++;
                    int n = i % 3 == 0 ? 3 : 1;
                    cases.add(new Case(n, 1 + i % 19, h, w, 1 + (7 * i) % 23, pad, pad, i % 2 == 0));
                }
            }
        }
        return cases.stream();
    }

    static Stream<Case> wideShapes() {
        return Stream.of(
                new Case(1, 17, 9, 67, 18, 1, 1, true),       // tile rows longer than a vector, odd width
                new Case(3, 33, 6, 130, 5, 1, 1, false),      // several blocks of one tile row each
                new Case(2, 20, 31, 45, 24, 1, 1, true),      // blocks spanning images, odd sizes
                new Case(1, 64, 40, 40, 64, 1, 1, false),     // several blocks split between threads
                new Case(1, 24, 11, 70, 16, 2, 1, true),      // padding differing between the axes
                new Case(5, 40, 4, 4, 48, 1, 1, true),        // many tiny images folded into a block
                new Case(1, 70, 16, 16, 150, 1, 1, true),     // one block: output channels in chunks, the last one partial
                new Case(2, 33, 7, 9, 65, 1, 1, false),       // one block of two odd-sized images
                new Case(1, 16, 34, 34, 16, 0, 0, false),     // no padding
                new Case(1, 19, 23, 137, 21, 1, 1, true),     // F(4x4): tile rows longer than a vector, widths not multiples of 4
                new Case(2, 16, 14, 70, 16, 0, 2, false));    // F(4x4): several blocks, uneven padding
    }

    private static final List<WinogradTransform> TRANSFORMS = List.of(WinogradF2.INSTANCE, WinogradF4.INSTANCE);

    @ParameterizedTest(name = "{0}")
    @MethodSource({"smallShapes", "wideShapes"})
    void matchesTheFloat64Reference(Case c) {
        Rng rng = new Rng(c.toString().hashCode());
        ConvGeometry g = c.geometry();
        Tensor x = Tensor.uniform(rng, -1f, 1f, c.n(), c.cIn(), c.h(), c.w());
        Tensor w = Tensor.uniform(rng, -1f, 1f, c.cOut(), c.cIn(), 3, 3);
        Tensor b = c.bias() ? Tensor.uniform(rng, -1f, 1f, c.cOut()) : null;
        double[] expected = ReferenceConv.forward(x, w, b, c.spec());
        for (WinogradTransform f : TRANSFORMS) {
            Tensor y = Tensor.full(Float.NaN, c.n(), c.cOut(), g.outH(), g.outW());
            WinogradConv.forward(g, f, x.data(), null, new WinogradKernels(w.data(), false), b == null ? null : b.data(), y.data());
            double error = Compare.relativeL2(expected, y.data());
            assertTrue(error <= Compare.TOLERANCE, c + ", F(" + f.tile() + "x" + f.tile() + "): relative L2 error " + error);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"smallShapes", "wideShapes"})
    void inputGradientMatchesTheFloat64Reference(Case c) {
        Rng rng = new Rng(c.toString().hashCode() + 1);
        ConvGeometry g = c.geometry();
        ConvGeometry t = WinogradConv.inputGradientGeometry(g);
        Tensor dy = Tensor.uniform(rng, -1f, 1f, c.n(), c.cOut(), g.outH(), g.outW());
        Tensor w = Tensor.uniform(rng, -1f, 1f, c.cOut(), c.cIn(), 3, 3);
        double[] expected = ReferenceConv.backwardInput(dy, w, c.spec(), c.h(), c.w());
        for (WinogradTransform f : TRANSFORMS) {
            Tensor dx = Tensor.full(Float.NaN, c.n(), c.cIn(), c.h(), c.w());
            WinogradConv.forward(t, f, dy.data(), null, new WinogradKernels(w.data(), true), null, dx.data());
            double error = Compare.relativeL2(expected, dx.data());
            assertTrue(error <= Compare.TOLERANCE, c + ", F(" + f.tile() + "x" + f.tile() + "): relative L2 error " + error);
        }
    }

    @Test
    void inputGradientGeometryIsTheFlippedConvolutions() {
        ConvGeometry g = new Case(2, 5, 9, 11, 7, 0, 2, false).geometry();
        ConvGeometry t = WinogradConv.inputGradientGeometry(g);
        assertEquals(new ConvGeometry(2, 7, 7, 13, 5, 9, 11, new ConvSpec(3, 3, 1, 1, 2, 0, 1, 1)), t);
        assertEquals(t.spec().outH(t.inH()), g.inH());
        assertEquals(t.spec().outW(t.inW()), g.inW());
    }

    @Test
    void conv2dInputGradientTakesThisPathWhenTheFlippedForwardWould() {
        assertTrue(WinogradConv.handlesBackwardInput(new Case(1, 64, 128, 128, 64, 1, 1, false).geometry()));
        assertTrue(WinogradConv.handlesBackwardInput(new Case(1, 512, 16, 16, 512, 1, 1, false).geometry()));
        assertFalse(WinogradConv.handlesBackwardInput(new Case(1, 32, 32, 32, 32, 1, 1, false).geometry()));
        // 4 input channels: the flipped convolution has 4 output channels, too few for the path
        assertFalse(WinogradConv.handlesBackwardInput(new Case(1, 4, 64, 64, 64, 1, 1, false).geometry()));
        assertFalse(WinogradConv.handlesBackwardInput(
                new ConvGeometry(1, 64, 64, 64, 64, 68, 68, ConvSpec.of(3, 1, 3))));
    }

    @Test
    void conv2dInputGradientGivesThisPathsBits() {
        Case c = new Case(1, 40, 64, 66, 24, 1, 1, false);
        ConvGeometry g = c.geometry();
        assertTrue(WinogradConv.handlesBackwardInput(g), "a BigGAN-like 3x3 layer's input gradient should take this path");
        Rng rng = new Rng(6);
        Tensor dy = Tensor.uniform(rng, -1f, 1f, c.n(), c.cOut(), g.outH(), g.outW());
        Tensor w = Tensor.uniform(rng, -1f, 1f, c.cOut(), c.cIn(), 3, 3);
        Tensor direct = Tensor.zeros(1, c.cIn(), c.h(), c.w());
        WinogradConv.backwardInput(g, dy.data(), w.data(), null, direct.data());
        assertArrayEquals(direct.data(), Conv2d.backwardInput(dy, w, c.spec(), c.h(), c.w()).data());
    }

    /** Realistic values: He-initialised weights, unit-normal inputs, up to 512 input channels. */
    @ParameterizedTest(name = "{0} input channels")
    @ValueSource(ints = {64, 512})
    void staysAccurateWithHeInitialisedWeightsAndManyInputChannels(int cIn) {
        Rng rng = new Rng(11 + cIn);
        Case c = new Case(1, cIn, 13, 12, 8, 1, 1, true);
        Tensor x = Tensor.normal(rng, 0f, 1f, 1, c.cIn(), c.h(), c.w());
        Tensor w = Tensor.normal(rng, 0f, (float) Math.sqrt(2.0 / (9 * c.cIn())), c.cOut(), c.cIn(), 3, 3);
        Tensor b = Tensor.normal(rng, 0f, 0.1f, c.cOut());
        ConvGeometry g = c.geometry();
        double[] expected = ReferenceConv.forward(x, w, b, c.spec());
        for (WinogradTransform f : TRANSFORMS) {
            Tensor y = Tensor.zeros(1, c.cOut(), g.outH(), g.outW());
            WinogradConv.forward(g, f, x.data(), null, new WinogradKernels(w.data(), false), b.data(), y.data());
            double error = Compare.relativeL2(expected, y.data());
            assertTrue(error <= Compare.TOLERANCE, "F(" + f.tile() + "x" + f.tile() + "): relative L2 error " + error);
        }
    }

    @Test
    void conv2dTakesThisPathForLargeShapesOnly() {
        assertTrue(WinogradConv.handles(new Case(1, 64, 64, 64, 64, 1, 1, true).geometry()));
        assertTrue(WinogradConv.handles(new Case(1, 256, 32, 32, 256, 1, 1, true).geometry()));
        assertTrue(WinogradConv.handles(new Case(1, 64, 32, 32, 64, 1, 1, true).geometry()));
        assertFalse(WinogradConv.handles(new Case(1, 32, 32, 32, 32, 1, 1, true).geometry()));
        assertTrue(WinogradConv.handles(new Case(1, 512, 16, 16, 512, 1, 1, true).geometry()));
        assertFalse(WinogradConv.handles(new Case(1, 512, 8, 8, 512, 1, 1, true).geometry()));
        assertFalse(WinogradConv.handles(new Case(1, 256, 16, 16, 512, 1, 1, true).geometry()));
        assertFalse(WinogradConv.handles(new Case(1, 4, 64, 64, 64, 1, 1, true).geometry()));
    }

    @Test
    void deepLayersWithFewPositionsRunFTwoByTwo() {
        Case c = new Case(1, 512, 16, 16, 512, 1, 1, true);
        ConvGeometry g = c.geometry();
        Rng rng = new Rng(7);
        Tensor x = Tensor.uniform(rng, -1f, 1f, c.n(), c.cIn(), c.h(), c.w());
        Tensor w = Tensor.uniform(rng, -1f, 1f, c.cOut(), c.cIn(), 3, 3);
        Tensor b = Tensor.uniform(rng, -1f, 1f, c.cOut());
        Tensor f2 = Tensor.zeros(1, c.cOut(), g.outH(), g.outW());
        WinogradConv.forward(g, WinogradF2.INSTANCE, x.data(), null, new WinogradKernels(w.data(), false), b.data(), f2.data());
        assertArrayEquals(f2.data(), Conv2d.forward(x, w, b, c.spec()).data());
    }

    @Test
    void conv2dGivesThisPathsBits() {
        Case c = new Case(1, 40, 64, 66, 24, 1, 1, true);
        ConvGeometry g = c.geometry();
        assertTrue(WinogradConv.handles(g), "a BigGAN-like 3x3 layer should take the Winograd path");
        Rng rng = new Rng(5);
        Tensor x = Tensor.uniform(rng, -1f, 1f, c.n(), c.cIn(), c.h(), c.w());
        Tensor w = Tensor.uniform(rng, -1f, 1f, c.cOut(), c.cIn(), 3, 3);
        Tensor b = Tensor.uniform(rng, -1f, 1f, c.cOut());
        Tensor direct = Tensor.zeros(1, c.cOut(), g.outH(), g.outW());
        WinogradConv.forward(g, x.data(), w.data(), b.data(), direct.data());
        assertArrayEquals(direct.data(), Conv2d.forward(x, w, b, c.spec()).data());
    }

    @Test
    void otherKernelsStrideAndDilationDoNotFit() {
        assertFalse(WinogradConv.fits(new ConvGeometry(1, 8, 9, 9, 8, 9, 9, ConvSpec.of(5, 1, 2))));
        assertFalse(WinogradConv.fits(new ConvGeometry(1, 8, 9, 9, 8, 5, 5, ConvSpec.of(3, 2, 1))));
        assertFalse(WinogradConv.fits(new ConvGeometry(1, 8, 9, 9, 8, 9, 9, ConvSpec.of(3, 1, 2).withDilation(2))));
        assertTrue(WinogradConv.fits(new ConvGeometry(1, 8, 9, 9, 8, 9, 9, ConvSpec.of(3, 1, 1))));
    }
}
