package dev.jgan.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgan.nn.autograd.Var;
import dev.jgan.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamTest {
    private static final float[] GRADIENTS = {0.5f, -0.25f, 1.0f};

    private static float[] run(Adam adam, Var p) {
        float[] after = new float[GRADIENTS.length];
        for (int t = 0; t < GRADIENTS.length; t++) {
            p.setGrad(Tensor.of(new float[] {GRADIENTS[t]}, 1));
            adam.step();
            after[t] = p.value().data()[0];
        }
        return after;
    }

    /*
     * lr 0.1, betas (0.9, 0.999), eps 1e-8, p0 = 1, gradients 0.5, -0.25, 1.0:
     * t=1: m = 0.05, v = 0.00025; m^ = 0.5, v^ = 0.25; p = 1 - 0.1 * 0.5 / (0.5 + 1e-8) = 0.900000002
     * t=2: m = 0.9*0.05 - 0.1*0.25 = 0.02, v = 0.999*0.00025 + 0.001*0.0625 = 0.00031225;
     *      m^ = 0.02 / 0.19 = 0.1052632, v^ = 0.00031225 / 0.001999 = 0.1562031; p = 0.8733663
     * t=3: m = 0.018 + 0.1 = 0.118, v = 0.000311938 + 0.001 = 0.001311938;
     *      m^ = 0.118 / 0.271 = 0.4354244, v^ = 0.001311938 / 0.002997001 = 0.4377502; p = 0.8075551
     */
    @Test
    void matchesHandComputedSteps() {
        Var p = Var.param(Tensor.ones(1));
        Adam adam = new Adam(Map.of("p", p), 0.1, 0.9, 0.999);
        float[] after = run(adam, p);
        assertEquals(0.900000002, after[0], 1e-6);
        assertEquals(0.8733663, after[1], 1e-6);
        assertEquals(0.8075551, after[2], 1e-6);
        assertEquals(3, adam.steps());
    }

    /*
     * As above with betas (0.5, 0.999) and weight decay 0.1 added to the gradient:
     * t=1: g = 0.5 + 0.1 * 1 = 0.6; p = 1 - 0.1 * 0.6 / 0.6 = 0.9
     * t=2: g = -0.25 + 0.09 = -0.16; m = 0.15 - 0.08 = 0.07, m^ = 0.0933333;
     *      v = 0.999 * 0.00036 + 0.001 * 0.0256 = 0.00038524, v^ = 0.1927164; p = 0.8787393
     * t=3: g = 1 + 0.0878739 = 1.0878739; p = 0.7872756
     */
    @Test
    void matchesHandComputedStepsWithWeightDecay() {
        Var p = Var.param(Tensor.ones(1));
        float[] after = run(new Adam(Map.of("p", p), 0.1, 0.5, 0.999, 1e-8, 0.1), p);
        assertEquals(0.9000000017, after[0], 1e-6);
        assertEquals(0.8787393, after[1], 1e-6);
        assertEquals(0.7872756, after[2], 1e-6);
    }

    @Test
    void stateRoundTripsAndResumesIdentically() {
        Var p = Var.param(Tensor.normal(1, 0f, 1f, 7));
        Adam adam = new Adam(Map.of("w", p), 0.01, 0.5, 0.999);
        p.setGrad(Tensor.normal(2, 0f, 1f, 7));
        adam.step();
        Map<String, Tensor> saved = new HashMap<>();
        adam.state().forEach((k, v) -> saved.put(k, v.copy()));
        Tensor savedP = p.value().copy();
        Tensor g = Tensor.normal(3, 0f, 1f, 7);
        p.setGrad(g);
        adam.step();
        Tensor expected = p.value().copy();

        Var q = Var.param(savedP);
        Adam resumed = new Adam(Map.of("w", q), 0.01, 0.5, 0.999);
        resumed.loadState(saved);
        q.setGrad(g);
        resumed.step();
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected.data(), q.value().data());
        assertEquals(java.util.List.of("step", "w.exp_avg", "w.exp_avg_sq"), java.util.List.copyOf(adam.state().keySet()));
    }

    @Test
    void loadingStateWithAWrongNameOrShapeFails() {
        Var p = Var.param(Tensor.zeros(3));
        Adam adam = new Adam(Map.of("w", p), 0.01, 0.5, 0.999);
        Map<String, Tensor> bad = new HashMap<>(adam.state());
        bad.put("w.exp_avg", Tensor.zeros(4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.loadState(bad));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("w.exp_avg"), e.getMessage());
        Map<String, Tensor> missing = new HashMap<>(adam.state());
        missing.remove("step");
        assertThrows(IllegalArgumentException.class, () -> adam.loadState(missing));
    }
}
