package dev.jgan.cuda.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.ConvSpec;
import org.junit.jupiter.api.Test;

/** The float64 references against hand-computed values and against each other through adjoint identities. */
class ConvReferenceTest {
    private static final ConvSpec[] SPECS = {
        ConvSpec.of(3, 1, 1),
        ConvSpec.of(4, 2, 1),
        new ConvSpec(3, 2, 2, 1, 0, 1, 2, 1),
        ConvSpec.of(1, 1, 0),
        new ConvSpec(5, 3, 3, 2, 2, 0, 1, 3),
    };

    @Test
    void crossCorrelatesWindowsPlusBias() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Tensor w = Tensor.of(new float[] {1, 0, 0, -1}, 1, 1, 2, 2);
        Tensor bias = Tensor.of(new float[] {10}, 1);
        // each output is x[r][q] - x[r+1][q+1] + 10 = -4 + 10
        assertArrayEquals(new double[] {6, 6, 6, 6}, ConvReference.conv2d(x, w, bias, ConvSpec.of(2, 1, 0)));
    }

    @Test
    void transposedConvolutionSpreadsEachInputOverTheKernel() {
        Tensor x = Tensor.of(new float[] {1, 2}, 1, 1, 1, 2);
        Tensor w = Tensor.of(new float[] {1, 10, 100, 1000}, 1, 1, 2, 2);
        // stride 2: the two 2x2 stamps sit side by side
        assertArrayEquals(new double[] {1, 10, 2, 20, 100, 1000, 200, 2000},
                ConvReference.convTranspose2d(x, w, null, ConvSpec.of(2, 2, 0), 2, 4));
    }

    @Test
    void convolutionGradientsAreAdjoint() {
        for (int i = 0; i < SPECS.length; i++) {
            ConvSpec spec = SPECS[i];
            int h = 9 + i, wd = 7 + 2 * i;
            Tensor x = Tensor.normal(10 + i, 0, 1, 2, 3, h, wd);
            Tensor w = Tensor.normal(20 + i, 0, 1, 4, 3, spec.kernelH(), spec.kernelW());
            Tensor g = Tensor.normal(30 + i, 0, 1, 2, 4, spec.outH(h), spec.outW(wd));
            double yg = dot(ConvReference.conv2d(x, w, null, spec), g);
            // <conv(x, w), g> = <x, dx(g)> = <w, dw(g)>
            assertEquals(yg, dot(ConvReference.conv2dBackwardInput(g, w, spec, h, wd), x), 1e-9 * scale(yg), spec.toString());
            assertEquals(yg, dot(ConvReference.conv2dBackwardWeight(g, x, spec), w), 1e-9 * scale(yg), spec.toString());
        }
    }

    @Test
    void transposedConvolutionIsTheAdjointOfConvolution() {
        for (int i = 0; i < SPECS.length; i++) {
            ConvSpec spec = SPECS[i];
            int h = 4 + i, wd = 3 + i, outH = spec.transposedOutH(h, 0), outW = spec.transposedOutW(wd, 0);
            Tensor x = Tensor.normal(40 + i, 0, 1, 2, 3, h, wd);
            Tensor w = Tensor.normal(50 + i, 0, 1, 3, 5, spec.kernelH(), spec.kernelW());
            Tensor g = Tensor.normal(60 + i, 0, 1, 2, 5, outH, outW);
            double[] y = ConvReference.convTranspose2d(x, w, null, spec, outH, outW);
            // convT(x, w) is conv2d's input gradient with x in the role of dy
            assertArrayEquals(ConvReference.conv2dBackwardInput(x, w, spec, outH, outW), y, 1e-9);
            double yg = dot(y, g);
            assertEquals(yg, dot(ConvReference.convTranspose2dBackwardInput(g, w, spec, h, wd), x), 1e-9 * scale(yg));
            assertEquals(yg, dot(ConvReference.convTranspose2dBackwardWeight(g, x, spec), w), 1e-9 * scale(yg));
        }
    }

    @Test
    void channelSumAddsOverBatchAndPlane() {
        Tensor dy = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2);
        assertArrayEquals(new double[] {1 + 2 + 5 + 6, 3 + 4 + 7 + 8}, ConvReference.channelSum(dy));
    }

    private static double dot(double[] a, Tensor b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b.data()[i];
        }
        return sum;
    }

    private static double scale(double v) {
        return Math.max(1, Math.abs(v));
    }
}
