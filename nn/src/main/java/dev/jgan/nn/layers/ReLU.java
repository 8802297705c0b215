package dev.jgan.nn.layers;

import dev.jgan.nn.Layer;
import dev.jgan.nn.autograd.Pointwise;
import dev.jgan.nn.autograd.Var;
import dev.jgan.tensor.kernels.Rectifier;

/** y = max(x, 0). */
public final class ReLU extends Layer implements RectifierLayer {
    @Override
    public Rectifier rectifier() {
        return Rectifier.relu();
    }

    @Override
    public Var forward(Var x) {
        return Pointwise.relu(x);
    }
}
