package dev.jgan.nn.layers;

import dev.jgan.nn.Layer;
import dev.jgan.nn.autograd.Pointwise;
import dev.jgan.nn.autograd.Var;
import dev.jgan.tensor.kernels.Rectifier;

/** y = x for x > 0, slope x otherwise (DCGAN's discriminator uses slope 0.2). */
public final class LeakyReLU extends Layer implements RectifierLayer {
    private final float slope;
    private final Rectifier rectifier;

    public LeakyReLU(float slope) {
        this.slope = slope;
        this.rectifier = Rectifier.leaky(slope);
    }

    /** The factor applied to negative inputs. */
    public float slope() {
        return slope;
    }

    @Override
    public Rectifier rectifier() {
        return rectifier;
    }

    @Override
    public Var forward(Var x) {
        return Pointwise.leakyRelu(x, slope);
    }
}
