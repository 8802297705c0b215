package dev.jgan.gan.dcgan;

import dev.jgan.nn.GanLosses;
import dev.jgan.nn.autograd.Loss;
import dev.jgan.nn.autograd.Pointwise;
import dev.jgan.nn.autograd.Var;

/** The adversarial objective: non-saturating BCE (DCGAN) or hinge (SAGAN, BigGAN). */
public enum GanLoss {
    BCE("bce"),
    HINGE("hinge");

    private final String cliName;

    GanLoss(String cliName) {
        this.cliName = cliName;
    }

    public static GanLoss named(String name) {
        for (GanLoss l : values()) {
            if (l.cliName.equals(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown loss '" + name + "': expected bce or hinge");
    }

    /**
     * The discriminator's loss; with BCE, {@code realTarget} below 1 is one-sided label
     * smoothing (the configuration allows it only with BCE).
     */
    public Var discriminator(Var realLogits, Var fakeLogits, float realTarget) {
        if (this == HINGE) {
            return GanLosses.hingeDiscriminator(realLogits, fakeLogits);
        }
        return Pointwise.add(Loss.bceWithLogits(realLogits, realTarget), Loss.bceWithLogits(fakeLogits, 0f));
    }

    /** The generator's loss: BCE(D(G(z)), 1) (non-saturating) or -mean(D(G(z))) (hinge). */
    public Var generator(Var fakeLogits) {
        return this == HINGE ? GanLosses.hingeGenerator(fakeLogits) : GanLosses.nonSaturatingGenerator(fakeLogits);
    }

    @Override
    public String toString() {
        return cliName;
    }
}
