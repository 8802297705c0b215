package dev.jgan.tensor.kernels;

import static dev.jgan.tensor.reference.Compare.assertClose;
import static dev.jgan.tensor.reference.Compare.doubles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.reference.ReferenceNormRelu;
import org.junit.jupiter.api.Test;

class NormReluTest {
    private static final float EPS = 1e-4f;

    @Test
    void perChannelAffineMatchesReference() {
        for (int[] shape : ChannelOpsTest.SHAPES) {
            int n = shape[0], c = shape[1], p = Shapes.size(shape, 2, shape.length);
            Tensor x = Tensor.normal(c + p, 0.5f, 2f, shape);
            Tensor mean = Tensor.normal(c, 0f, 1f, c), var = Tensor.uniform(c + 1, 0.1f, 3f, c);
            Tensor gain = Tensor.normal(c + 2, 1f, 0.5f, c), offset = Tensor.normal(c + 3, 0f, 1f, c);
            double[] expected = ReferenceNormRelu.forward(doubles(x), n, c, p, doubles(mean), doubles(var), EPS,
                    doubles(gain), doubles(offset));
            assertClose(expected, NormRelu.forward(x, mean, var, EPS, gain, offset), "per channel " + Shapes.toString(shape));
        }
    }

    @Test
    void perSampleAffineMatchesReferenceAlsoInPlace() {
        for (int[] shape : ChannelOpsTest.SHAPES) {
            int n = shape[0], c = shape[1], p = Shapes.size(shape, 2, shape.length);
            Tensor x = Tensor.normal(c * p + 5, -0.3f, 1.5f, shape);
            Tensor mean = Tensor.normal(c, 0f, 1f, c), var = Tensor.uniform(c + 1, 0.1f, 3f, c);
            Tensor gain = Tensor.normal(n + c, 1f, 0.5f, n, c), offset = Tensor.normal(n + c + 1, 0f, 1f, n, c);
            double[] expected = ReferenceNormRelu.forward(doubles(x), n, c, p, doubles(mean), doubles(var), EPS,
                    doubles(gain), doubles(offset));
            NormRelu.forwardInto(x, mean, var, EPS, gain, offset, x);
            assertClose(expected, x, "per sample, in place " + Shapes.toString(shape));
        }
    }

    @Test
    void outputIsNeverNegativeZero() {
        Tensor x = Tensor.full(-3f, 1, 1, 37);
        Tensor y = NormRelu.forward(x, Tensor.zeros(1), Tensor.ones(1), 0f, Tensor.ones(1), Tensor.zeros(1));
        for (float v : y.data()) {
            assertEquals(0, Float.floatToRawIntBits(v));
        }
    }

    @Test
    void badShapesNameTheOperand() {
        Tensor x = Tensor.zeros(2, 3, 4, 4);
        Tensor c3 = Tensor.zeros(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NormRelu.forward(x, c3, c3, EPS, Tensor.zeros(3, 3), Tensor.zeros(3, 3)));
        assertTrue(e.getMessage().contains("gain"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> NormRelu.forward(x, c3, c3, EPS, Tensor.zeros(2, 3), c3));
        assertTrue(e.getMessage().contains("offset"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NormRelu.forward(x, Tensor.zeros(4), c3, EPS, c3, c3));
        assertTrue(e.getMessage().contains("mean"), e.getMessage());
    }
}
