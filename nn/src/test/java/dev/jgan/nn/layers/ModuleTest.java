package dev.jgan.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.nn.Init;
import dev.jgan.nn.Module;
import dev.jgan.nn.autograd.Var;
import dev.jgan.nn.testing.GradCheck;
import dev.jgan.nn.testing.Ref;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleTest {
    @Test
    void namesFollowPyTorchNesting() {
        Rng rng = new Rng(1);
        Sequential net = new Sequential(new Linear(3, 4, true, rng), new ReLU(), new Sequential(new Linear(4, 2, false, rng)));
        assertEquals(List.of("0.weight", "0.bias", "2.0.weight"), List.copyOf(net.parameters().keySet()));
        assertEquals(List.of("0.weight", "0.bias", "2.0.weight"), List.copyOf(net.state().keySet()));
        assertSame(net.parameters().get("0.bias").value(), net.state().get("0.bias"));
    }

    @Test
    void trainAndEvalReachEveryChild() {
        Sequential net = new Sequential(new ReLU(), new Sequential(new Tanh()));
        net.eval();
        assertFalse(((Module) net.get(1)).children().get("0").isTraining());
        net.train();
        assertTrue(net.get(1).isTraining());
    }

    @Test
    void linearLayerMatchesItsReferenceAndPyTorchInitBounds() {
        Linear linear = new Linear(13, 5, true, new Rng(2));
        float bound = (float) (1 / Math.sqrt(13));
        for (float w : linear.weight().value().data()) {
            assertTrue(Math.abs(w) <= bound, "weight " + w + " outside +-" + bound);
        }
        Var x = Var.param(Tensor.normal(3, 0f, 1f, 6, 13));
        new GradCheck().input("x", x).inputs(linear.parameters()).check("Linear layer", () -> linear.forward(x),
                in -> Ref.linear(in.get("x"), in.get("weight"), in.get("bias"), 6, 13, 5));
    }

    @Test
    void initialisersHaveTheirStatedSpread() {
        Tensor w = Tensor.zeros(64, 32, 3, 3);
        assertEquals(32 * 9, Init.fanIn(w));
        assertEquals(64 * 9, Init.fanOut(w));
        Init.kaimingNormal(w, new Rng(4), 0);
        assertEquals(Math.sqrt(2.0 / (32 * 9)), std(w), 0.02 * Math.sqrt(2.0 / (32 * 9)));
        Init.xavierUniform(w, new Rng(5), 1);
        assertEquals(Math.sqrt(2.0 / (32 * 9 + 64 * 9)), std(w), 0.02 * Math.sqrt(2.0 / (32 * 9 + 64 * 9)));
        Init.xavierNormal(w, new Rng(7), 2);
        assertEquals(2 * Math.sqrt(2.0 / (32 * 9 + 64 * 9)), std(w), 0.02 * 2 * Math.sqrt(2.0 / (32 * 9 + 64 * 9)));
        Init.kaimingUniform(w, new Rng(8), 0);
        double bound = Math.sqrt(6.0 / (32 * 9));
        assertEquals(bound / Math.sqrt(3), std(w), 0.02 * bound / Math.sqrt(3));
        for (float v : w.data()) {
            assertTrue(Math.abs(v) <= bound);
        }
        Init.normal(w, new Rng(6), 0f, 0.02f);
        assertEquals(0.02, std(w), 0.0005);
        Tensor again = Init.normal(Tensor.zeros(64, 32, 3, 3), new Rng(6), 0f, 0.02f);
        org.junit.jupiter.api.Assertions.assertArrayEquals(w.data(), again.data());
    }

    private static double std(Tensor t) {
        double[] d = Ref.toDouble(t);
        double mean = Ref.sum(d) / d.length;
        double s = 0;
        for (double v : d) {
            s += (v - mean) * (v - mean);
        }
        return Math.sqrt(s / d.length);
    }
}
