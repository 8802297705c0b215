package dev.jgan.tensor.kernels;

import static dev.jgan.tensor.reference.Compare.SIZES;
import static dev.jgan.tensor.reference.Compare.assertClose;
import static dev.jgan.tensor.reference.Compare.doubles;
import static dev.jgan.tensor.reference.Compare.numericGradient;
import static dev.jgan.tensor.reference.ReferenceElementwise.map;
import static dev.jgan.tensor.reference.ReferenceElementwise.zip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.reference.ReferenceElementwise;
import org.junit.jupiter.api.Test;

class ActivationsTest {

    @Test
    void forwardMatchesReferenceOnEverySize() {
        for (int n : SIZES) {
            Tensor t = Tensor.normal(n, 0f, 3f, n);
            double[] x = doubles(t);
            assertClose(map(x, ReferenceElementwise::relu), Activations.relu(t), "relu n=" + n);
            assertClose(map(x, v -> ReferenceElementwise.leakyRelu(v, 0.2)), Activations.leakyRelu(t, 0.2f),
                    "leakyRelu n=" + n);
            assertClose(map(x, Math::tanh), Activations.tanh(t), "tanh n=" + n);
            assertClose(map(x, ReferenceElementwise::sigmoid), Activations.sigmoid(t), "sigmoid n=" + n);
            assertClose(map(x, Math::exp), Activations.exp(t), "exp n=" + n);
            assertClose(map(x, v -> ReferenceElementwise.clamp(v, -1, 2)), Activations.clamp(t, -1f, 2f),
                    "clamp n=" + n);
            Tensor positive = Tensor.uniform(n, 1e-3f, 50f, n);
            assertClose(map(doubles(positive), Math::log), Activations.log(positive), "log n=" + n);
        }
    }

    @Test
    void transcendentalsAreAccurateElementByElement() {
        Tensor t = Tensor.uniform(7, -30f, 30f, 10_007);
        float[] tanh = Activations.tanh(t).data(), sigmoid = Activations.sigmoid(t).data();
        float[] exp = Activations.exp(Tensor.uniform(8, -87f, 88f, 10_007)).data();
        float[] ex = Tensor.uniform(8, -87f, 88f, 10_007).data();
        for (int i = 0; i < t.size(); i++) {
            double x = t.data()[i];
            assertEquals(Math.tanh(x), tanh[i], 4e-7 * Math.abs(Math.tanh(x)) + 1e-45, "tanh(" + x + ")");
            double s = ReferenceElementwise.sigmoid(x);
            assertEquals(s, sigmoid[i], 1e-6 * s, "sigmoid(" + x + ")");
            assertEquals(Math.exp(ex[i]), exp[i], 4e-7 * Math.exp(ex[i]), "exp(" + ex[i] + ")");
        }
    }

    @Test
    void tanhAndSigmoidSaturateWithoutNaN() {
        float[] extremes = {-1e30f, -100f, -20f, -10f, 10f, 20f, 100f, 1e30f,
                Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -90f, 90f, -50f, 50f, 15f, -15f, 0f};
        Tensor x = Tensor.of(extremes, extremes.length);
        float[] tanh = Activations.tanh(x).data();
        float[] sigmoid = Activations.sigmoid(x).data();
        for (int i = 0; i < extremes.length; i++) {
            float v = extremes[i];
            if (Math.abs(v) >= 10f) {
                assertEquals(Math.signum(v), tanh[i], 0f, "tanh(" + v + ") must be exactly +-1");
            }
            assertTrue(sigmoid[i] >= 0f && sigmoid[i] <= 1f, "sigmoid(" + v + ") = " + sigmoid[i]);
            // values below the smallest normal float may underflow to 0
            assertEquals(ReferenceElementwise.sigmoid(v), sigmoid[i],
                    1e-6 * ReferenceElementwise.sigmoid(v) + Float.MIN_NORMAL, "sigmoid(" + v + ")");
        }
        assertEquals(0f, tanh[extremes.length - 1]);
        assertEquals(0.5f, sigmoid[extremes.length - 1]);
    }

    @Test
    void backwardMatchesReferenceOnEverySize() {
        for (int n : SIZES) {
            Tensor x = Tensor.normal(n + 2, 0f, 2f, n);
            Tensor dy = Tensor.normal(n + 3, 0f, 1f, n);
            double[] g = doubles(dy);
            double[] xd = doubles(x);
            Tensor relu = Activations.relu(x);
            assertClose(zip(g, xd, (d, v) -> v > 0 ? d : 0), Activations.reluBackward(dy, relu), "relu n=" + n);
            assertClose(zip(g, xd, (d, v) -> v > 0 ? d : 0.1 * d), Activations.leakyReluBackward(dy, x, 0.1f),
                    "leakyRelu n=" + n);
            Tensor tanh = Activations.tanh(x);
            assertClose(zip(g, doubles(tanh), (d, y) -> d * (1 - y * y)), Activations.tanhBackward(dy, tanh),
                    "tanh n=" + n);
            Tensor sigmoid = Activations.sigmoid(x);
            assertClose(zip(g, doubles(sigmoid), (d, y) -> d * y * (1 - y)), Activations.sigmoidBackward(dy, sigmoid),
                    "sigmoid n=" + n);
            assertClose(zip(g, xd, (d, v) -> v >= -1 && v <= 1.5 ? d : 0), Activations.clampBackward(dy, x, -1f, 1.5f),
                    "clamp n=" + n);
        }
    }

    @Test
    void backwardFormulasMatchFiniteDifferences() {
        Tensor x = Tensor.normal(11, 0f, 2f, 37);
        Tensor dy = Tensor.normal(12, 0f, 1f, 37);
        double[] xd = doubles(x), g = doubles(dy);
        assertClose(numericGradient(v -> map(v, Math::tanh), xd, g),
                doubles(Activations.tanhBackward(dy, Activations.tanh(x))), 1e-5, "tanh");
        assertClose(numericGradient(v -> map(v, ReferenceElementwise::sigmoid), xd, g),
                doubles(Activations.sigmoidBackward(dy, Activations.sigmoid(x))), 1e-5, "sigmoid");
        assertClose(numericGradient(v -> map(v, p -> ReferenceElementwise.leakyRelu(p, 0.2)), xd, g),
                doubles(Activations.leakyReluBackward(dy, x, 0.2f)), 1e-5, "leakyRelu");
        assertClose(numericGradient(v -> map(v, p -> ReferenceElementwise.clamp(p, -1, 1)), xd, g),
                doubles(Activations.clampBackward(dy, x, -1f, 1f)), 1e-5, "clamp");
    }

    @Test
    void inPlaceAndErrors() {
        Tensor x = Tensor.normal(5, 0f, 1f, 3, 33);
        double[] expected = map(doubles(x), Math::tanh);
        Activations.tanhInto(x, x);
        assertClose(expected, x, "tanh in place");
        var e = assertThrows(IllegalArgumentException.class,
                () -> Activations.reluBackward(Tensor.zeros(3, 33), Tensor.zeros(33, 3)));
        assertTrue(e.getMessage().contains("[3, 33]") && e.getMessage().contains("[33, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Activations.clamp(x, 2f, 1f));
    }
}
