package dev.jgan.tensor.kernels;

import static dev.jgan.tensor.kernels.Conv2dTest.assertMessage;
import static dev.jgan.tensor.kernels.ConvTesting.assertClose;
import static dev.jgan.tensor.kernels.ConvTesting.dot;
import static dev.jgan.tensor.kernels.ConvTesting.norm;
import static dev.jgan.tensor.kernels.ConvTesting.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.reference.ReferenceConv;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConvTranspose2dTest {

    /** x [n, cIn, h, w], w [cIn, cOut, kH, kW], output padding per axis. */
    record Case(String name, int n, int cIn, int h, int w, int cOut, ConvSpec spec,
                int outputPaddingH, int outputPaddingW, boolean bias) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("DCGAN G1 ConvT(100->256,k7,s1,p0) 1x1", 4, 100, 1, 1, 256, ConvSpec.of(7, 1, 0), 0, 0, false),
                new Case("DCGAN G2 ConvT(256->128,k4,s2,p1) 7x7", 1, 256, 7, 7, 128, ConvSpec.of(4, 2, 1), 0, 0, false),
                new Case("DCGAN G3 ConvT(128->1,k4,s2,p1) 14x14", 4, 128, 14, 14, 1, ConvSpec.of(4, 2, 1), 0, 0, true),
                new Case("k3 s2 p1, output padding 1", 2, 5, 6, 5, 3, ConvSpec.of(3, 2, 1), 1, 1, true),
                new Case("dilation 2, output padding 1 at stride 1", 2, 3, 5, 7, 4,
                        ConvSpec.of(3, 1, 1).withDilation(2), 1, 0, true),
                new Case("non-square kernel, stride, pad, dilation", 3, 5, 4, 6, 7,
                        new ConvSpec(3, 2, 2, 1, 1, 0, 1, 2), 1, 1, true),
                new Case("1x1 pointwise", 3, 17, 4, 6, 5, ConvSpec.of(1, 1, 0), 0, 0, true),
                new Case("1x1 dilation 2, output padding 1", 2, 3, 4, 5, 2, ConvSpec.of(1, 1, 0).withDilation(2), 1, 1, true),
                new Case("wide rows, k3 s2 p1, output padding 1", 2, 3, 3, 33, 2, ConvSpec.of(3, 2, 1), 1, 1, true),
                new Case("wide rows, dilation 2", 1, 2, 4, 40, 3, ConvSpec.of(3, 1, 2).withDilation(2), 0, 1, false),
                new Case("batch 1, one channel, k4 s2 on 1x1", 1, 1, 1, 1, 1, ConvSpec.of(4, 2, 0), 1, 0, true),
                new Case("k5 s3 p2, odd sizes", 2, 3, 5, 3, 17, ConvSpec.of(5, 3, 2), 2, 1, false),
                new Case("direct: stride 1, 2 -> 7 channels (a last block of three), rows of 100", 2, 2, 5, 100, 7,
                        ConvSpec.of(3, 1, 1), 0, 0, true),
                new Case("direct: stride 1, 3 input channels, k3 p1, wide rows", 2, 3, 7, 70, 6,
                        ConvSpec.of(3, 1, 1), 0, 0, true),
                new Case("direct: stride 1, one input channel, k4 p0, width 13", 1, 1, 5, 13, 9,
                        ConvSpec.of(4, 1, 0), 0, 0, false),
                new Case("strided: ConvT(24->19,k4,s2,p1), output padding 1", 3, 24, 5, 6, 19,
                        ConvSpec.of(4, 2, 1), 1, 1, true),
                new Case("strided: ConvT(7->33,k4,s2,p1) 4x4, batch 5", 5, 7, 4, 4, 33, ConvSpec.of(4, 2, 1), 0, 0, false),
                new Case("phases: ConvT(17->16,k4,s2,p1) 1x1, batch 1", 1, 17, 1, 1, 16, ConvSpec.of(4, 2, 1), 0, 0, true),
                new Case("phases: ConvT(18->17,k3,s2,p1) 7x3, output padding 1", 3, 18, 7, 3, 17,
                        ConvSpec.of(3, 2, 1), 1, 1, true),
                new Case("phases: ConvT(12->31,k4,s2,p1) 6x15, 11 images", 11, 12, 6, 15, 31,
                        ConvSpec.of(4, 2, 1), 0, 0, false),
                new Case("phases: ConvT(16->20,k4,s3,p0) 3x5, phases of one and two taps", 2, 16, 3, 5, 20,
                        ConvSpec.of(4, 3, 0), 2, 0, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheDirectScatterReference(Case c) {
        Rng rng = new Rng(c.name().hashCode());
        ConvSpec s = c.spec();
        Tensor x = random(rng, c.n(), c.cIn(), c.h(), c.w());
        Tensor w = random(rng, c.cIn(), c.cOut(), s.kernelH(), s.kernelW());
        Tensor b = c.bias() ? random(rng, c.cOut()) : null;
        int oh = s.transposedOutH(c.h(), c.outputPaddingH());
        int ow = s.transposedOutW(c.w(), c.outputPaddingW());
        Tensor dy = random(rng, c.n(), c.cOut(), oh, ow);

        double[] expected = ReferenceConv.transposedForward(x, w, b, s, c.outputPaddingH(), c.outputPaddingW());
        assertClose("forward", expected,
                ConvTranspose2d.forward(x, w, b, s, c.outputPaddingH(), c.outputPaddingW()), c.n(), c.cOut(), oh, ow);
        Tensor y = ConvTesting.filledWith(Float.NaN, c.n(), c.cOut(), oh, ow);
        ConvTranspose2d.forward(x, w, b, s, y);
        assertClose("forward (into)", expected, y, c.n(), c.cOut(), oh, ow);

        Tensor dx = ConvTesting.filledWith(Float.NaN, c.n(), c.cIn(), c.h(), c.w());
        ConvTranspose2d.backwardInput(dy, w, s, dx);
        assertClose("backwardInput", ReferenceConv.transposedBackwardInput(dy, w, s, c.h(), c.w()), dx,
                c.n(), c.cIn(), c.h(), c.w());

        Tensor dw = ConvTesting.filledWith(Float.NaN, c.cIn(), c.cOut(), s.kernelH(), s.kernelW());
        ConvTranspose2d.backwardWeight(dy, x, s, dw);
        assertClose("backwardWeight", ReferenceConv.transposedBackwardWeight(dy, x, s), dw,
                c.cIn(), c.cOut(), s.kernelH(), s.kernelW());
        assertClose("backwardWeight (allocating)", ReferenceConv.transposedBackwardWeight(dy, x, s),
                ConvTranspose2d.backwardWeight(dy, x, s), c.cIn(), c.cOut(), s.kernelH(), s.kernelW());

        assertClose("backwardBias", ReferenceConv.backwardBias(dy), ConvTranspose2d.backwardBias(dy), c.cOut());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backwardPassesAreAdjointsOfTheForwardPass(Case c) {
        Rng rng = new Rng(17 * c.name().hashCode() + 3);
        ConvSpec s = c.spec();
        Tensor x = random(rng, c.n(), c.cIn(), c.h(), c.w());
        Tensor w = random(rng, c.cIn(), c.cOut(), s.kernelH(), s.kernelW());
        Tensor y = ConvTranspose2d.forward(x, w, null, s, c.outputPaddingH(), c.outputPaddingW());
        Tensor dy = random(rng, y.shape());
        Tensor dx = Tensor.zeros(x.shape());
        ConvTranspose2d.backwardInput(dy, w, s, dx);
        Tensor dw = ConvTranspose2d.backwardWeight(dy, x, s);
        // <convT(x, w), dy> = <x, dx> = <w, dw>
        double lhs = dot(y, dy);
        double scale = norm(y) * norm(dy);
        assertEquals(lhs, dot(x, dx), 1e-5 * scale, "<convT(x), dy> vs <x, backwardInput(dy)>");
        assertEquals(lhs, dot(w, dw), 1e-5 * scale, "<convT(x), dy> vs <w, backwardWeight(dy, x)>");
    }

    @Test
    void backwardInputInfersTheInputSizeFromTheGradient() {
        Rng rng = new Rng(11);
        ConvSpec s = ConvSpec.of(4, 2, 1);
        Tensor w = random(rng, 6, 3, 4, 4);
        Tensor dy = random(rng, 2, 3, 14, 14);
        Tensor dx = ConvTranspose2d.backwardInput(dy, w, s);
        assertArrayEquals(new int[] {2, 6, 7, 7}, dx.shape());
        assertClose("backwardInput", ReferenceConv.transposedBackwardInput(dy, w, s, 7, 7), dx, 2, 6, 7, 7);
    }

    @Test
    void rejectsMismatchedShapesNamingTheOperand() {
        ConvSpec s = ConvSpec.of(4, 2, 1);
        Tensor x = Tensor.zeros(2, 256, 7, 7);
        assertMessage("ConvTranspose2d weight: expected shape [256, 128, 4, 4], found [128, 256, 4, 4]",
                () -> ConvTranspose2d.forward(x, Tensor.zeros(128, 256, 4, 4), null, s, Tensor.zeros(2, 128, 14, 14)));
        assertMessage("ConvTranspose2d bias: expected shape [128], found [256]",
                () -> ConvTranspose2d.forward(x, Tensor.zeros(256, 128, 4, 4), Tensor.zeros(256), s, 0, 0));
        assertMessage("output padding [2, 0] must be non-negative and below max(stride, dilation) = [2, 2]",
                () -> ConvTranspose2d.forward(x, Tensor.zeros(256, 128, 4, 4), null, s, 2, 0));
        assertMessage("ConvTranspose2d output: shape [2, 128, 16, 14] is not an output size",
                () -> ConvTranspose2d.forward(x, Tensor.zeros(256, 128, 4, 4), null, s, Tensor.zeros(2, 128, 16, 14)));
        assertMessage("ConvTranspose2d weight gradient: expected shape [256, 128, 4, 4], found [256, 128, 3, 3]",
                () -> ConvTranspose2d.backwardWeight(Tensor.zeros(2, 128, 14, 14), x, s, Tensor.zeros(256, 128, 3, 3)));
    }
}
