package dev.jgan.tensor.kernels;

import static dev.jgan.tensor.kernels.ConvTesting.assertClose;
import static dev.jgan.tensor.kernels.ConvTesting.dot;
import static dev.jgan.tensor.kernels.ConvTesting.norm;
import static dev.jgan.tensor.kernels.ConvTesting.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.reference.ReferenceConv;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Conv2dTest {

    /** One convolution shape: x [n, cIn, h, w], w [cOut, cIn, kH, kW]. */
    record Case(String name, int n, int cIn, int h, int w, int cOut, ConvSpec spec, boolean bias) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("1x1 pointwise, batch 1", 1, 1, 5, 5, 1, ConvSpec.of(1, 1, 0), false),
                new Case("1x1 pointwise, folded batch", 3, 5, 7, 9, 17, ConvSpec.of(1, 1, 0), true),
                new Case("1x1 stride 2", 2, 3, 9, 8, 5, ConvSpec.of(1, 2, 0), true),
                new Case("3x3 pad 1", 2, 3, 13, 11, 5, ConvSpec.of(3, 1, 1), true),
                new Case("3x3 pad 0, 17 channels", 1, 17, 31, 17, 3, ConvSpec.of(3, 1, 0), false),
                new Case("4x4 stride 2 pad 1", 4, 3, 16, 16, 8, ConvSpec.of(4, 2, 1), true),
                new Case("4x4 stride 2, odd size", 3, 5, 13, 7, 7, ConvSpec.of(4, 2, 1), false),
                new Case("7x7 pad 2", 2, 2, 15, 13, 3, ConvSpec.of(7, 1, 2), true),
                new Case("3x3 dilation 2 pad 2", 2, 3, 11, 12, 4, ConvSpec.of(3, 1, 2).withDilation(2), false),
                new Case("non-square kernel, stride, pad, dilation", 3, 5, 9, 14, 6,
                        new ConvSpec(2, 3, 1, 2, 1, 0, 1, 2), true),
                new Case("width 1", 2, 3, 7, 1, 4, new ConvSpec(3, 1, 1, 1, 1, 0, 1, 1), true),
                new Case("whole-image window, non-square", 3, 5, 3, 4, 7, new ConvSpec(3, 4, 2, 1, 0, 0, 1, 1), true),
                new Case("wide rows, stride 2, dilation 2, non-square", 2, 3, 9, 70, 4,
                        new ConvSpec(3, 5, 1, 2, 1, 3, 2, 2), true),
                new Case("wide rows, 4x4 stride 2", 2, 3, 8, 67, 5, ConvSpec.of(4, 2, 1), false),
                new Case("large image in pieces", 1, 32, 47, 45, 8, ConvSpec.of(3, 1, 1), true),
                new Case("pieces over a batch", 3, 32, 41, 43, 5, ConvSpec.of(3, 1, 1), false),
                new Case("1x1 pointwise in pieces", 2, 9, 300, 301, 3, ConvSpec.of(1, 1, 0), true),
                new Case("DCGAN D1 Conv(1->64,k4,s2,p1) 28x28", 3, 1, 28, 28, 64, ConvSpec.of(4, 2, 1), true),
                new Case("DCGAN D2 Conv(64->128,k4,s2,p1) 14x14", 6, 64, 14, 14, 128, ConvSpec.of(4, 2, 1), true),
                new Case("DCGAN D3 Conv(128->1,k7,s1,p0) 7x7", 4, 128, 7, 7, 1, ConvSpec.of(7, 1, 0), true),
                new Case("direct: conv_to_rgb-like 3 outputs, k3 p1, wide odd rows", 2, 24, 9, 150, 3,
                        ConvSpec.of(3, 1, 1), true),
                new Case("direct: 3 outputs, 70 rows in uneven bands", 1, 6, 70, 37, 3, ConvSpec.of(3, 1, 1), true),
                new Case("direct: one output, 5x5 pad 2, width 67", 1, 5, 11, 67, 1, ConvSpec.of(5, 1, 2), false),
                new Case("direct: 3 outputs, rows of three 5-vector runs and a tail", 1, 5, 6, 260, 3,
                        ConvSpec.of(3, 1, 1), true),
                new Case("direct: 4 outputs, non-square kernel and pad, width 3", 3, 7, 13, 3, 4,
                        new ConvSpec(3, 2, 1, 1, 2, 1, 1, 1), true),
                new Case("direct: 2 outputs, 7x5 kernel (column blocks of 3), dilation 2, width 41", 2, 3, 17, 41, 2,
                        new ConvSpec(7, 5, 1, 1, 4, 3, 2, 2), false),
                new Case("strided: k4 s2 p1, 17 input channels, odd size", 3, 17, 13, 11, 5, ConvSpec.of(4, 2, 1), true),
                new Case("strided: k3 s2 p1, phases with unequal taps", 2, 16, 9, 10, 7, ConvSpec.of(3, 2, 1), false),
                new Case("strided: k5x4 s3x2, non-square", 1, 20, 11, 9, 3, new ConvSpec(5, 4, 3, 2, 2, 1, 1, 1), true),
                new Case("strided: 1x1 stride 2, phases without taps", 2, 16, 7, 6, 4, ConvSpec.of(1, 2, 0), false),
                new Case("phases: k4 s2 p1, batch 1, 16 -> 17 channels, 13x5", 1, 16, 13, 5, 17, ConvSpec.of(4, 2, 1), true),
                new Case("phases: k4 s2 p1, 33 -> 18 channels, width 31", 2, 33, 3, 31, 18, ConvSpec.of(4, 2, 1), false),
                new Case("phases: k5 s2 p3, no negative shifts", 2, 16, 9, 7, 16, ConvSpec.of(5, 2, 3), true),
                new Case("phases: k2 s2 p2, one shift per axis", 1, 18, 5, 6, 19, ConvSpec.of(2, 2, 2), false),
                new Case("phases: k3x1 s3x1, stride along one axis", 3, 16, 10, 7, 20,
                        new ConvSpec(3, 1, 3, 1, 1, 0, 1, 1), true),
                new Case("phases: k3x1 s2x1, width 1, 2 output channels", 2, 17, 9, 1, 2, new ConvSpec(3, 1, 2, 1, 1, 0, 1, 1), false),
                new Case("phases: k4 s2 p1, 19 images in groups, 16x17", 19, 16, 16, 17, 16, ConvSpec.of(4, 2, 1), true),
                new Case("phases: k4 s2 p1, 3 input channels, 31 images, 9x9", 31, 3, 9, 9, 33, ConvSpec.of(4, 2, 1), false),
                new Case("channels-last: k4 s2 p1, 37 images, 16 -> 20 channels, 9x7", 37, 16, 9, 7, 20,
                        ConvSpec.of(4, 2, 1), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheFloat64Reference(Case c) {
        Rng rng = new Rng(c.name().hashCode());
        ConvSpec s = c.spec();
        Tensor x = random(rng, c.n(), c.cIn(), c.h(), c.w());
        Tensor w = random(rng, c.cOut(), c.cIn(), s.kernelH(), s.kernelW());
        Tensor b = c.bias() ? random(rng, c.cOut()) : null;
        int oh = s.outH(c.h());
        int ow = s.outW(c.w());
        Tensor dy = random(rng, c.n(), c.cOut(), oh, ow);

        Tensor y = ConvTesting.filledWith(Float.NaN, c.n(), c.cOut(), oh, ow);
        Conv2d.forward(x, w, b, s, y);
        assertClose("forward", ReferenceConv.forward(x, w, b, s), y, c.n(), c.cOut(), oh, ow);
        assertClose("forward (allocating)", ReferenceConv.forward(x, w, b, s), Conv2d.forward(x, w, b, s),
                c.n(), c.cOut(), oh, ow);

        Tensor dx = ConvTesting.filledWith(Float.NaN, c.n(), c.cIn(), c.h(), c.w());
        Conv2d.backwardInput(dy, w, s, dx);
        assertClose("backwardInput", ReferenceConv.backwardInput(dy, w, s, c.h(), c.w()), dx,
                c.n(), c.cIn(), c.h(), c.w());

        Tensor dw = ConvTesting.filledWith(Float.NaN, c.cOut(), c.cIn(), s.kernelH(), s.kernelW());
        Conv2d.backwardWeight(dy, x, s, dw);
        assertClose("backwardWeight", ReferenceConv.backwardWeight(dy, x, s), dw,
                c.cOut(), c.cIn(), s.kernelH(), s.kernelW());

        assertClose("backwardBias", ReferenceConv.backwardBias(dy), Conv2d.backwardBias(dy), c.cOut());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backwardPassesAreAdjointsOfTheForwardPass(Case c) {
        Rng rng = new Rng(31 * c.name().hashCode() + 7);
        ConvSpec s = c.spec();
        Tensor x = random(rng, c.n(), c.cIn(), c.h(), c.w());
        Tensor w = random(rng, c.cOut(), c.cIn(), s.kernelH(), s.kernelW());
        Tensor dy = random(rng, c.n(), c.cOut(), s.outH(c.h()), s.outW(c.w()));
        Tensor y = Conv2d.forward(x, w, null, s);
        Tensor dx = Conv2d.backwardInput(dy, w, s, c.h(), c.w());
        Tensor dw = Conv2d.backwardWeight(dy, x, s);
        // <conv(x, w), dy> = <x, dx> = <w, dw>
        double lhs = dot(y, dy);
        double scale = norm(y) * norm(dy);
        assertEquals(lhs, dot(x, dx), 1e-5 * scale, "<conv(x), dy> vs <x, backwardInput(dy)>");
        assertEquals(lhs, dot(w, dw), 1e-5 * scale, "<conv(x), dy> vs <w, backwardWeight(dy, x)>");
    }

    @Test
    void repeatedCallsGiveIdenticalBits() {
        Rng rng = new Rng(5);
        ConvSpec s = ConvSpec.of(4, 2, 1);
        Tensor x = random(rng, 12, 64, 14, 14);
        Tensor w = random(rng, 128, 64, 4, 4);
        Tensor dy = random(rng, 12, 128, 7, 7);
        assertArrayEquals(Conv2d.backwardWeight(dy, x, s).data(), Conv2d.backwardWeight(dy, x, s).data());
        assertArrayEquals(Conv2d.backwardInput(dy, w, s, 14, 14).data(), Conv2d.backwardInput(dy, w, s, 14, 14).data());
        assertArrayEquals(Conv2d.forward(x, w, null, s).data(), Conv2d.forward(x, w, null, s).data());
    }

    @Test
    void anImagesOutputAndInputGradientDoNotDependOnTheRestOfTheBatch() {
        // each value is one dot product in a fixed order, whichever group or thread computes it
        Rng rng = new Rng(9);
        ConvSpec s = ConvSpec.of(4, 2, 1);
        Tensor w = random(rng, 24, 20, 4, 4);
        Tensor x = random(rng, 13, 20, 10, 11);
        Tensor dy = random(rng, 13, 24, 5, 5);
        float[] y = Conv2d.forward(x, w, null, s).data();
        float[] dx = Conv2d.backwardInput(dy, w, s, 10, 11).data();
        int inSize = 20 * 10 * 11;
        int outSize = 24 * 5 * 5;
        for (int n = 0; n < 13; n++) {
            Tensor xn = Tensor.zeros(1, 20, 10, 11);
            System.arraycopy(x.data(), n * inSize, xn.data(), 0, inSize);
            Tensor dyn = Tensor.zeros(1, 24, 5, 5);
            System.arraycopy(dy.data(), n * outSize, dyn.data(), 0, outSize);
            assertArrayEquals(Arrays.copyOfRange(y, n * outSize, (n + 1) * outSize),
                    Conv2d.forward(xn, w, null, s).data(), "forward, image " + n);
            assertArrayEquals(Arrays.copyOfRange(dx, n * inSize, (n + 1) * inSize),
                    Conv2d.backwardInput(dyn, w, s, 10, 11).data(), "backwardInput, image " + n);
        }
    }

    @Test
    void anEmptyBatchGivesEmptyOutputsAndAZeroWeightGradient() {
        ConvSpec s = ConvSpec.of(3, 1, 1);
        Tensor x = Tensor.zeros(0, 3, 5, 5);
        Tensor w = Tensor.ones(4, 3, 3, 3);
        Tensor dy = Tensor.zeros(0, 4, 5, 5);
        assertArrayEquals(new int[] {0, 4, 5, 5}, Conv2d.forward(x, w, Tensor.ones(4), s).shape());
        assertArrayEquals(new int[] {0, 3, 5, 5}, Conv2d.backwardInput(dy, w, s, 5, 5).shape());
        Tensor dw = Tensor.full(Float.NaN, 4, 3, 3, 3);
        Conv2d.backwardWeight(dy, x, s, dw);
        assertArrayEquals(new float[4 * 3 * 3 * 3], dw.data());
        assertArrayEquals(new float[4], Conv2d.backwardBias(dy).data());
    }

    @Test
    void rejectsMismatchedShapesNamingTheOperand() {
        ConvSpec s = ConvSpec.of(4, 2, 1);
        Tensor x = Tensor.zeros(2, 3, 8, 8);
        assertMessage("Conv2d weight: expected shape [64, 3, 4, 4], found [64, 5, 4, 4]",
                () -> Conv2d.forward(x, Tensor.zeros(64, 5, 4, 4), null, s));
        assertMessage("Conv2d weight: expected shape [64, 3, 4, 4], found [64, 3, 3, 3]",
                () -> Conv2d.forward(x, Tensor.zeros(64, 3, 3, 3), null, s));
        assertMessage("Conv2d bias: expected shape [64], found [63]",
                () -> Conv2d.forward(x, Tensor.zeros(64, 3, 4, 4), Tensor.zeros(63), s));
        assertMessage("Conv2d input: expected a rank-4 tensor, found shape [3, 8, 8]",
                () -> Conv2d.forward(Tensor.zeros(3, 8, 8), Tensor.zeros(64, 3, 4, 4), null, s));
        assertMessage("Conv2d input: shape [1, 3, 2, 1] with padding [1, 1] is smaller than the kernel span [4, 4]",
                () -> Conv2d.forward(Tensor.zeros(1, 3, 2, 1), Tensor.zeros(64, 3, 4, 4), null, s));
        assertMessage("Conv2d output: expected shape [2, 64, 4, 4], found [2, 64, 5, 5]",
                () -> Conv2d.forward(x, Tensor.zeros(64, 3, 4, 4), null, s, Tensor.zeros(2, 64, 5, 5)));
        assertMessage("Conv2d output gradient: expected shape [2, 64, 4, 4], found [2, 64, 3, 4]",
                () -> Conv2d.backwardInput(Tensor.zeros(2, 64, 3, 4), Tensor.zeros(64, 3, 4, 4), s, 8, 8));
        assertMessage("Conv2d output gradient: expected shape [2, 64, 4, 4], found [3, 64, 4, 4]",
                () -> Conv2d.backwardWeight(Tensor.zeros(3, 64, 4, 4), x, s));
        assertMessage("Conv2d weight gradient: expected shape [64, 3, 4, 4], found [64, 3, 4, 5]",
                () -> Conv2d.backwardWeight(Tensor.zeros(2, 64, 4, 4), x, s, Tensor.zeros(64, 3, 4, 5)));
    }

    static void assertMessage(String expected, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(expected), "message was: " + e.getMessage());
    }
}
