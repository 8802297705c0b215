package dev.jgan.nn.layers;

import dev.jgan.nn.Layer;
import dev.jgan.nn.autograd.Pointwise;
import dev.jgan.nn.autograd.Var;

/** y = tanh(x). */
public final class Tanh extends Layer {
    @Override
    public Var forward(Var x) {
        return Pointwise.tanh(x);
    }
}
