package dev.jgan.nn.autograd;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgan.nn.testing.GradCheck;
import dev.jgan.nn.testing.Ref;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Elementwise;
import org.junit.jupiter.api.Test;

/** The gradient checker itself must catch wrong gradients, including one wrong element. */
class GradCheckTest {
    @Test
    void aGradientWrongInOneElementFails() {
        Var x = Var.param(Tensor.normal(1, 0f, 1f, 10, 100));
        Node dx = x.node();
        Node.Backward almostRight = dy -> dx.accumulate(() -> {
            Tensor g = Elementwise.scale(dy, 2f);
            g.data()[517] *= 1.5f;
            return g;
        });
        AssertionError e = assertThrows(AssertionError.class, () -> new GradCheck().input("x", x)
                .check("2x with one bad element", () -> Op.begin("bad").output(Elementwise.scale(x.value(), 2f), almostRight, x),
                        in -> Ref.map(in.get("x"), v -> 2 * v)));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("gradient of 'x' is off"), e.getMessage());
    }

    @Test
    void aWrongForwardFails() {
        Var x = Var.param(Tensor.normal(2, 0f, 1f, 50));
        assertThrows(AssertionError.class, () -> new GradCheck().input("x", x)
                .check("tanh against a slightly different reference", () -> Pointwise.tanh(x),
                        in -> Ref.map(in.get("x"), v -> Math.tanh(v) * (1 + 1e-4))));
    }
}
