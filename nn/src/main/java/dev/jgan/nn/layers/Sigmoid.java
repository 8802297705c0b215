package dev.jgan.nn.layers;

import dev.jgan.nn.Layer;
import dev.jgan.nn.autograd.Pointwise;
import dev.jgan.nn.autograd.Var;

/** y = 1 / (1 + exp(-x)). */
public final class Sigmoid extends Layer {
    @Override
    public Var forward(Var x) {
        return Pointwise.sigmoid(x);
    }
}
