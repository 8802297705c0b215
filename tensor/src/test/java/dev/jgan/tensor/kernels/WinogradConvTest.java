package dev.jgan.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
                new Case(1, 16, 34, 34, 16, 0, 0, false));    // no padding
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"smallShapes", "wideShapes"})
    void matchesTheFloat64Reference(Case c) {
        Rng rng = new Rng(c.toString().hashCode());
        ConvGeometry g = c.geometry();
        Tensor x = Tensor.uniform(rng, -1f, 1f, c.n(), c.cIn(), c.h(), c.w());
        Tensor w = Tensor.uniform(rng, -1f, 1f, c.cOut(), c.cIn(), 3, 3);
        Tensor b = c.bias() ? Tensor.uniform(rng, -1f, 1f, c.cOut()) : null;
        Tensor y = Tensor.full(Float.NaN, c.n(), c.cOut(), g.outH(), g.outW());
        WinogradConv.forward(g, x.data(), w.data(), b == null ? null : b.data(), y.data());
        double error = Compare.relativeL2(ReferenceConv.forward(x, w, b, c.spec()), y.data());
        assertTrue(error <= Compare.TOLERANCE, c + ": relative L2 error " + error);
    }

    @Test
    void staysAccurateWithHeInitialisedWeightsAndManyInputChannels() {
        Rng rng = new Rng(11);
        Case c = new Case(1, 512, 10, 10, 8, 1, 1, true);
        Tensor x = Tensor.normal(rng, 0f, 1f, 1, c.cIn(), c.h(), c.w());
        Tensor w = Tensor.normal(rng, 0f, (float) Math.sqrt(2.0 / (9 * c.cIn())), c.cOut(), c.cIn(), 3, 3);
        Tensor b = Tensor.normal(rng, 0f, 0.1f, c.cOut());
        ConvGeometry g = c.geometry();
        Tensor y = Tensor.zeros(1, c.cOut(), g.outH(), g.outW());
        WinogradConv.forward(g, x.data(), w.data(), b.data(), y.data());
        double error = Compare.relativeL2(ReferenceConv.forward(x, w, b, c.spec()), y.data());
        assertTrue(error <= Compare.TOLERANCE, "relative L2 error " + error);
    }

    @Test
    void conv2dTakesThisPathForBigGanShapesAndGivesItsBits() {
        Case c = new Case(1, 64, 32, 32, 64, 1, 1, true);
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
