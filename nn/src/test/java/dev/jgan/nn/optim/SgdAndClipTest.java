package dev.jgan.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.nn.autograd.Var;
import dev.jgan.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SgdAndClipTest {
    /* lr 0.1, momentum 0.9, p0 = 1, gradients 1, 1: b = 1, p = 0.9; b = 0.9 + 1 = 1.9, p = 0.9 - 0.19 = 0.71. */
    @Test
    void sgdWithMomentumMatchesHandComputedSteps() {
        Var p = Var.param(Tensor.ones(1));
        Sgd sgd = new Sgd(Map.of("p", p), 0.1, 0.9, 0);
        p.setGrad(Tensor.ones(1));
        sgd.step();
        assertEquals(0.9f, p.value().item(), 1e-7f);
        p.setGrad(Tensor.ones(1));
        sgd.step();
        assertEquals(0.71f, p.value().item(), 1e-6f);
    }

    /* lr 0.5, no momentum, weight decay 0.1, p0 = 2, gradient 1: g = 1 + 0.2 = 1.2, p = 2 - 0.6 = 1.4. */
    @Test
    void sgdWeightDecayAddsToTheGradient() {
        Var p = Var.param(Tensor.full(2f, 1));
        Sgd sgd = new Sgd(Map.of("p", p), 0.5, 0, 0.1);
        p.setGrad(Tensor.ones(1));
        sgd.step();
        assertEquals(1.4f, p.value().item(), 1e-6f);
    }

    @Test
    void clippingScalesAllGradientsByTheGlobalNorm() {
        Var a = Var.param(Tensor.zeros(2));
        Var b = Var.param(Tensor.zeros(1));
        a.setGrad(Tensor.of(new float[] {3f, 0f}, 2));
        b.setGrad(Tensor.of(new float[] {4f}, 1));
        double norm = GradClip.clipByGlobalNorm(List.of(a, b), 1.0);
        assertEquals(5.0, norm, 1e-9);
        assertArrayEquals(new float[] {0.6f, 0f}, a.grad().data(), 1e-6f);
        assertArrayEquals(new float[] {0.8f}, b.grad().data(), 1e-6f);
        double after = GradClip.clipByGlobalNorm(List.of(a, b), 10.0);
        assertEquals(1.0, after, 1e-5);
        assertArrayEquals(new float[] {0.8f}, b.grad().data(), 1e-6f);
    }
}
