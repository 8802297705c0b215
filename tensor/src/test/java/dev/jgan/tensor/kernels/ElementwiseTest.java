package dev.jgan.tensor.kernels;

import static dev.jgan.tensor.reference.Compare.SIZES;
import static dev.jgan.tensor.reference.Compare.assertClose;
import static dev.jgan.tensor.reference.Compare.doubles;
import static dev.jgan.tensor.reference.ReferenceElementwise.map;
import static dev.jgan.tensor.reference.ReferenceElementwise.zip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ElementwiseTest {

    @Test
    void binaryOpsMatchReferenceOnEverySize() {
        for (int n : SIZES) {
            Tensor a = Tensor.normal(n, 0f, 1f, n);
            Tensor b = Tensor.uniform(n + 1, 0.5f, 2f, n);
            double[] x = doubles(a), y = doubles(b);
            assertClose(zip(x, y, Double::sum), Elementwise.add(a, b), "add n=" + n);
            assertClose(zip(x, y, (p, q) -> p - q), Elementwise.sub(a, b), "sub n=" + n);
            assertClose(zip(x, y, (p, q) -> p * q), Elementwise.mul(a, b), "mul n=" + n);
            assertClose(zip(x, y, (p, q) -> p / q), Elementwise.div(a, b), "div n=" + n);
            assertClose(zip(x, y, (p, q) -> p - 0.37 * q), Elementwise.addScaled(a, b, -0.37f), "addScaled n=" + n);
            assertClose(map(x, p -> p + 2.5), Elementwise.addScalar(a, 2.5f), "addScalar n=" + n);
            assertClose(map(x, p -> p * -1.5), Elementwise.scale(a, -1.5f), "scale n=" + n);
        }
    }

    @Test
    void intoVariantsWorkInPlace() {
        Tensor a = Tensor.normal(1, 0f, 1f, 2, 3, 17);
        Tensor b = Tensor.normal(2, 0f, 1f, 2, 3, 17);
        double[] expected = zip(doubles(a), doubles(b), (p, q) -> p + 3 * q);
        Tensor result = Elementwise.addScaledInto(a, b, 3f, a);
        assertTrue(result == a);
        assertClose(expected, a, "addScaled in place");
        double[] product = zip(doubles(a), doubles(b), (p, q) -> p * q);
        Elementwise.mulInto(a, b, b);
        assertClose(product, b, "mul into second operand");
    }

    @Test
    void copyIntoCopiesLargeTensors() {
        Tensor a = Tensor.normal(3, 0f, 1f, 70_001);
        Tensor out = Tensor.zeros(70_001);
        Elementwise.copyInto(a, out);
        assertArrayEquals(a.data(), out.data());
    }

    @Test
    void shapeMismatchNamesBothShapes() {
        Tensor a = Tensor.zeros(2, 3);
        Tensor b = Tensor.zeros(3, 2);
        var e = assertThrows(IllegalArgumentException.class, () -> Elementwise.add(a, b));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 2]"), e.getMessage());
        var o = assertThrows(IllegalArgumentException.class, () -> Elementwise.scaleInto(a, 2f, Tensor.zeros(6)));
        assertTrue(o.getMessage().contains("[2, 3]") && o.getMessage().contains("[6]"), o.getMessage());
    }
}
