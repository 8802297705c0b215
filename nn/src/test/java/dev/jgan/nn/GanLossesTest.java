package dev.jgan.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.nn.autograd.Var;
import dev.jgan.nn.testing.GradCheck;
import dev.jgan.nn.testing.Ref;
import dev.jgan.tensor.Tensor;
import org.junit.jupiter.api.Test;

class GanLossesTest {
    private static final float[] REAL = {2f, -0.5f, 0.25f, 1.5f};
    private static final float[] FAKE = {-3f, 0.5f, -0.75f, 1f};

    private static double softplus(double x) {
        return Math.log1p(Math.exp(x));
    }

    @Test
    void hingeLossesMatchHandValues() {
        Var real = Var.param(Tensor.of(REAL, 4, 1));
        Var fake = Var.param(Tensor.of(FAKE, 4, 1));
        // relu(1 - real) = 0, 1.5, 0.75, 0 -> 0.5625; relu(1 + fake) = 0, 1.5, 0.25, 2 -> 0.9375
        assertEquals(1.5, GanLosses.hingeDiscriminator(real, fake).item(), 1e-6);
        // -mean(fake) = -(-3 + 0.5 - 0.75 + 1) / 4 = 0.5625
        assertEquals(0.5625, GanLosses.hingeGenerator(fake).item(), 1e-6);
    }

    @Test
    void nonSaturatingLossesMatchHandValues() {
        Var real = Var.constant(Tensor.of(REAL, 4, 1));
        Var fake = Var.constant(Tensor.of(FAKE, 4, 1));
        double d = 0;
        double g = 0;
        for (int i = 0; i < 4; i++) {
            d += softplus(-REAL[i]) / 4 + softplus(FAKE[i]) / 4;
            g += softplus(-FAKE[i]) / 4;
        }
        assertEquals(d, GanLosses.nonSaturatingDiscriminator(real, fake).item(), 1e-6);
        assertEquals(g, GanLosses.nonSaturatingGenerator(fake).item(), 1e-6);
    }

    @Test
    void gradients() {
        Var real = Var.param(Tensor.normal(1, 0f, 2f, 9, 1));
        Var fake = Var.param(Tensor.normal(2, 0f, 2f, 9, 1));
        GradCheck check = new GradCheck().input("real", real).input("fake", fake);
        check.check("hinge D", () -> GanLosses.hingeDiscriminator(real, fake), in -> {
            double s = 0;
            for (int i = 0; i < 9; i++) {
                s += Math.max(0, 1 - in.get("real")[i]) / 9 + Math.max(0, 1 + in.get("fake")[i]) / 9;
            }
            return new double[] {s};
        });
        check.check("hinge G", () -> GanLosses.hingeGenerator(fake), in -> new double[] {-Ref.sum(in.get("fake")) / 9});
        check.check("non-saturating G", () -> GanLosses.nonSaturatingGenerator(fake), in -> {
            double s = 0;
            for (int i = 0; i < 9; i++) {
                s += softplus(-in.get("fake")[i]) / 9;
            }
            return new double[] {s};
        });
        check.check("non-saturating D", () -> GanLosses.nonSaturatingDiscriminator(real, fake), in -> {
            double s = 0;
            for (int i = 0; i < 9; i++) {
                s += softplus(-in.get("real")[i]) / 9 + softplus(in.get("fake")[i]) / 9;
            }
            return new double[] {s};
        });
    }
}
