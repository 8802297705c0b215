package dev.jgan.nn;

import dev.jgan.nn.autograd.Loss;
import dev.jgan.nn.autograd.Pointwise;
import dev.jgan.nn.autograd.Reduction;
import dev.jgan.nn.autograd.Var;

/** GAN objectives on discriminator logits, built from the differentiable ops. */
public final class GanLosses {
    private GanLosses() {}

    /** Non-saturating GAN, discriminator: BCE(D(x), 1) + BCE(D(G(z)), 0). */
    public static Var nonSaturatingDiscriminator(Var realLogits, Var fakeLogits) {
        return Pointwise.add(Loss.bceWithLogits(realLogits, 1f), Loss.bceWithLogits(fakeLogits, 0f));
    }

    /** Non-saturating GAN, generator: BCE(D(G(z)), 1) = mean(softplus(-D(G(z)))). */
    public static Var nonSaturatingGenerator(Var fakeLogits) {
        return Loss.bceWithLogits(fakeLogits, 1f);
    }

    /** Hinge loss, discriminator: mean(relu(1 - D(x))) + mean(relu(1 + D(G(z)))). */
    public static Var hingeDiscriminator(Var realLogits, Var fakeLogits) {
        Var real = Reduction.mean(Pointwise.relu(Pointwise.addScalar(Pointwise.neg(realLogits), 1f)));
        Var fake = Reduction.mean(Pointwise.relu(Pointwise.addScalar(fakeLogits, 1f)));
        return Pointwise.add(real, fake);
    }

    /** Hinge loss, generator: -mean(D(G(z))). */
    public static Var hingeGenerator(Var fakeLogits) {
        return Pointwise.neg(Reduction.mean(fakeLogits));
    }
}
