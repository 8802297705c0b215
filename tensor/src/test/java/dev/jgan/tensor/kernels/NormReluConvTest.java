package dev.jgan.tensor.kernels;

import static dev.jgan.tensor.reference.Compare.assertClose;
import static dev.jgan.tensor.reference.Compare.doubles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.reference.ReferenceNormRelu;
import org.junit.jupiter.api.Test;

class NormReluConvTest {
    private static final float EPS = 1e-4f;

    /** images, input channels, output channels, height, width, per-sample affine, bias. */
    private record Case(int n, int cIn, int cOut, int h, int w, boolean perSample, boolean bias) {
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
            return Tensor.normal(cOut + 5, 0f, 0.2f, cOut, cIn, 1, 1);
        }

        Tensor biasOrNull() {
            return bias ? Tensor.normal(cOut + 6, 0f, 1f, cOut) : null;
        }

        Tensor run() {
            Tensor y = Tensor.full(Float.NaN, n, cOut, h, w);
            NormReluConv.forwardInto(x(), mean(), var(), EPS, gain(), offset(), weight(), biasOrNull(), y);
            return y;
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
    };

    @Test
    void matchesNormReluThenConv2dBitForBit() {
        for (Case c : CASES) {
            Tensor normed = NormRelu.forward(c.x(), c.mean(), c.var(), EPS, c.gain(), c.offset());
            Tensor expected = Conv2d.forward(normed, c.weight(), c.biasOrNull(), ConvSpec.of(1, 1, 0));
            assertArrayEquals(expected.data(), c.run().data(), c.toString());
        }
    }

    @Test
    void matchesTheFloat64Reference() {
        for (Case c : CASES) {
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
                        Tensor.zeros(c.cOut(), c.cIn(), 3, 3), null, y));
        assertTrue(kernel.getMessage().contains("normReluConv weight"), kernel.getMessage());
        IllegalArgumentException gain = assertThrows(IllegalArgumentException.class,
                () -> NormReluConv.forwardInto(c.x(), c.mean(), c.var(), EPS, Tensor.ones(c.cIn() + 1), c.offset(),
                        c.weight(), null, y));
        assertTrue(gain.getMessage().contains("normRelu: gain"), gain.getMessage());
        IllegalArgumentException output = assertThrows(IllegalArgumentException.class,
                () -> NormReluConv.forwardInto(c.x(), c.mean(), c.var(), EPS, c.gain(), c.offset(), c.weight(), null,
                        Tensor.zeros(c.n(), c.cOut() + 1, c.h(), c.w())));
        assertTrue(output.getMessage().contains("normReluConv output"), output.getMessage());
    }
}
