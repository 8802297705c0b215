package dev.jgan.nn.layers;

import dev.jgan.nn.Layer;
import dev.jgan.nn.autograd.Pointwise;
import dev.jgan.nn.autograd.Var;

/** y = max(x, 0). */
public final class ReLU extends Layer {
    @Override
    public Var forward(Var x) {
        return Pointwise.relu(x);
    }
}
