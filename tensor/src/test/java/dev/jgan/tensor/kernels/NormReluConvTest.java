package dev.jgan.tensor.kernels;

import static dev.jgan.tensor.reference.Compare.assertClose;
import static dev.jgan.tensor.reference.Compare.doubles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.reference.ReferenceConv;
import dev.jgan.tensor.reference.ReferenceNormRelu;
import org.junit.jupiter.api.Test;

class NormReluConvTest {
    private static final float EPS = 1e-4f;

    /** images, input/output channels, height, width, per-sample affine, bias, kernel side (1 or 3, padded). */
    private record Case(int n, int cIn, int cOut, int h, int w, boolean perSample, boolean bias, int k) {
        Case(int n, int cIn, int cOut, int h, int w, boolean perSample, boolean bias) {
            this(n, cIn, cOut, h, w, perSample, bias, 1);
        }

        ConvSpec spec() {
            return ConvSpec.of(k, 1, k / 2);
        }

        ConvGeometry geometry() {
            return new ConvGeometry(n, cIn, h, w, cOut, h, w, spec());
        }

        Tensor x() {
            return Tensor.normal(cIn * h + w, 0.3f, 1.5f, n, cIn, h, w);
        }

        Tensor mean() {
            return Tensor.normal(cIn + 1, 0f, 1f, cIn);
        }

        Tensor var() {
            return Tensor.uniform(cIn + 2, 0.1f, 3f, cIn);
        }

        Tensor gain() {
            return perSample ? Tensor.normal(cIn + 3, 1f, 0.5f, n, cIn) : Tensor.normal(cIn + 3, 1f, 0.5f, cIn);
        }

        Tensor offset() {
            return perSample ? Tensor.normal(cIn + 4, 0f, 1f, n, cIn) : Tensor.normal(cIn + 4, 0f, 1f, cIn);
        }

        Tensor weight() {
            return Tensor.normal(cOut + 5, 0f, 0.2f / k, cOut, cIn, k, k);
        }

        Tensor biasOrNull() {
            return bias ? Tensor.normal(cOut + 6, 0f, 1f, cOut) : null;
        }

        Tensor run() {
            Tensor y = Tensor.full(Float.NaN, n, cOut, h, w);
            Tensor scratch = Tensor.full(Float.NaN, n, cIn, h, w);
            NormReluConv.forwardInto(x(), mean(), var(), EPS, gain(), offset(), weight(), biasOrNull(), spec(), y,
                    scratch);
            return y;
        }

        /** The convolution of nearest2x(relu(norm(x))): x is h x w, the convolution's input 2h x 2w. */
        Tensor runUpsampled() {
            Tensor y = Tensor.full(Float.NaN, n, cOut, 2 * h, 2 * w);
            Tensor scratch = Tensor.full(Float.NaN, n, cIn, 2 * h, 2 * w);
            NormReluConv.forwardUpsampledInto(x(), mean(), var(), EPS, gain(), offset(), weight(), biasOrNull(), spec(),
                    y, scratch);
            return y;
        }

        Tensor normReluUpsampleThenConv2d() {
            Tensor normed = NormRelu.forward(x(), mean(), var(), EPS, gain(), offset());
            return Conv2d.forward(Upsample.nearest2x(normed), weight(), biasOrNull(), spec());
        }

        ConvGeometry upsampledGeometry() {
            return new ConvGeometry(n, cIn, 2 * h, 2 * w, cOut, 2 * h, 2 * w, spec());
        }

        Tensor normReluThenConv2d() {
            Tensor normed = NormRelu.forward(x(), mean(), var(), EPS, gain(), offset());
            return Conv2d.forward(normed, weight(), biasOrNull(), spec());
        }
    }

    private static final Case[] CASES = {
        new Case(1, 13, 7, 5, 9, false, true),      // a plane shorter than the GEMM's panels, odd sizes
        new Case(2, 33, 17, 11, 3, true, false),    // per-sample constants, two images
        new Case(3, 40, 24, 16, 16, true, true),    // several column panels per image
        new Case(1, 1100, 9, 3, 5, false, true),    // depth over one GEMM depth block
        new Case(2, 64, 130, 7, 1, true, true),     // more output channels than positions
        new Case(2, 12, 3, 6, 7, true, true),       // few output channels: Conv2d's direct route
        new Case(3, 20, 8, 1, 1, false, true),      // one position: Conv2d's whole-image product
        new Case(2, 8, 9, 47, 45, true, true, 3),   // 3x3, F(4x4) over several blocks, partial tiles, two images
        new Case(1, 64, 64, 32, 32, false, false, 3), // 3x3, F(4x4), every tile in one block
        new Case(1, 512, 512, 16, 16, true, true, 3), // 3x3, F(2x2) for its many channels
        new Case(2, 16, 12, 5, 7, true, true, 3),   // 3x3, too few positions for Winograd: stored, then Conv2d
    };

    /** Inputs up-sampled 2x before the 3x3 convolution: h and w are the source's. */
    private static final Case[] UPSAMPLED = {
        new Case(2, 8, 9, 24, 23, true, true, 3),   // F(4x4) over several blocks on a 48 x 46 input, two images
        new Case(1, 64, 64, 16, 16, false, true, 3), // F(4x4), every tile in one block
        new Case(1, 512, 512, 8, 8, true, false, 3), // F(2x2) for its many channels
        new Case(1, 16, 12, 3, 4, true, true, 3),   // too few positions: stored, then Conv2d
    };

    @Test
    void upsampledInputsMatchNormReluUpsampleThenConv2dBitForBit() {
        assertTrue(ConvLowering.takesWinograd(UPSAMPLED[0].upsampledGeometry()));
        assertTrue(ConvLowering.takesWinograd(UPSAMPLED[1].upsampledGeometry()));
        assertTrue(WinogradConv.deep(UPSAMPLED[2].upsampledGeometry()));
        assertTrue(!ConvLowering.takesWinograd(UPSAMPLED[3].upsampledGeometry()));
        for (Case c : UPSAMPLED) {
            assertTrue(NormReluConv.fusesUpsampled(c.x(), c.cOut(), c.spec()) == (c != UPSAMPLED[3]), c.toString());
            assertArrayEquals(c.normReluUpsampleThenConv2d().data(), c.runUpsampled().data(), c.toString());
        }
        Case small = UPSAMPLED[3];
        IllegalArgumentException scratch = assertThrows(IllegalArgumentException.class,
                () -> NormReluConv.forwardUpsampledInto(small.x(), small.mean(), small.var(), EPS, small.gain(),
                        small.offset(), small.weight(), null, small.spec(),
                        Tensor.zeros(small.n(), small.cOut(), 2 * small.h(), 2 * small.w()), small.x()));
        assertTrue(scratch.getMessage().contains("normReluConv scratch"), scratch.getMessage());
    }

    @Test
    void matchesNormReluThenConv2dBitForBit() {
        for (Case c : CASES) {
            assertArrayEquals(c.normReluThenConv2d().data(), c.run().data(), c.toString());
        }
    }

    @Test
    void theThreeByThreeCasesTakeTheirRoutes() {
        assertTrue(ConvLowering.takesWinograd(CASES[7].geometry()) && !WinogradConv.deep(CASES[7].geometry()));
        assertTrue(ConvLowering.takesWinograd(CASES[8].geometry()));
        assertTrue(ConvLowering.takesWinograd(CASES[9].geometry()) && WinogradConv.deep(CASES[9].geometry()));
        assertTrue(!ConvLowering.takesWinograd(CASES[10].geometry()));
        assertTrue(NormReluConv.fuses(CASES[7].x(), CASES[7].cOut(), CASES[7].spec()));
        assertTrue(!NormReluConv.fuses(CASES[10].x(), CASES[10].cOut(), CASES[10].spec()));
    }

    @Test
    void threeByThreeCasesMatchTheFloat64ConvolutionOfTheNormalisedInput() {
        for (Case c : CASES) {
            if (c.k() == 3) {
                Tensor normed = NormRelu.forward(c.x(), c.mean(), c.var(), EPS, c.gain(), c.offset());
                assertClose(ReferenceConv.forward(normed, c.weight(), c.biasOrNull(), c.spec()), c.run(), c.toString());
            }
        }
    }

    @Test
    void matchesTheFloat64Reference() {
        for (Case c : CASES) {
            if (c.k() != 1) {
                continue;
            }
            int plane = c.h() * c.w();
            double[] normed = ReferenceNormRelu.forward(doubles(c.x()), c.n(), c.cIn(), plane, doubles(c.mean()),
                    doubles(c.var()), EPS, doubles(c.gain()), doubles(c.offset()));
            double[] w = doubles(c.weight());
            double[] b = c.bias() ? doubles(c.biasOrNull()) : new double[c.cOut()];
            // y[n, o, p] = b[o] + sum over i of w[o, i] normed[n, i, p]
            double[] expected = new double[c.n() * c.cOut() * plane];
            for (int n = 0; n < c.n(); n++) {
                for (int o = 0; o < c.cOut(); o++) {
                    for (int p = 0; p < plane; p++) {
                        double sum = b[o];
                        for (int i = 0; i < c.cIn(); i++) {
                            sum += w[o * c.cIn() + i] * normed[(n * c.cIn() + i) * plane + p];
                        }
                        expected[(n * c.cOut() + o) * plane + p] = sum;
                    }
                }
            }
            assertClose(expected, c.run(), c.toString());
        }
    }

    @Test
    void badShapesAreRefusedWithTheirNames() {
        Case c = CASES[0];
        Tensor y = Tensor.zeros(c.n(), c.cOut(), c.h(), c.w());
        IllegalArgumentException kernel = assertThrows(IllegalArgumentException.class,
                () -> NormReluConv.forwardInto(c.x(), c.mean(), c.var(), EPS, c.gain(), c.offset(),
                        Tensor.zeros(c.cOut(), c.cIn(), 3, 3), null, c.spec(), y, null));
        assertTrue(kernel.getMessage().contains("normReluConv weight"), kernel.getMessage());
        IllegalArgumentException gain = assertThrows(IllegalArgumentException.class,
                () -> NormReluConv.forwardInto(c.x(), c.mean(), c.var(), EPS, Tensor.ones(c.cIn() + 1), c.offset(),
                        c.weight(), null, c.spec(), y, null));
        assertTrue(gain.getMessage().contains("normRelu: gain"), gain.getMessage());
        IllegalArgumentException output = assertThrows(IllegalArgumentException.class,
                () -> NormReluConv.forwardInto(c.x(), c.mean(), c.var(), EPS, c.gain(), c.offset(), c.weight(), null,
                        c.spec(), Tensor.zeros(c.n(), c.cOut() + 1, c.h(), c.w()), null));
        assertTrue(output.getMessage().contains("normReluConv output"), output.getMessage());
        Case small = CASES[10];
        IllegalArgumentException scratch = assertThrows(IllegalArgumentException.class,
                () -> NormReluConv.forwardInto(small.x(), small.mean(), small.var(), EPS, small.gain(), small.offset(),
                        small.weight(), null, small.spec(), Tensor.zeros(small.n(), small.cOut(), small.h(), small.w()),
                        Tensor.zeros(small.n(), small.cIn() + 1, small.h(), small.w())));
        assertTrue(scratch.getMessage().contains("normReluConv scratch"), scratch.getMessage());
    }
}
