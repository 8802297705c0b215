package dev.jgan.nn.layers;

import dev.jgan.nn.Layer;
import dev.jgan.nn.autograd.ShapeOps;
import dev.jgan.nn.autograd.Var;

/** [N, ...] to [N, prod(...)]. */
public final class Flatten extends Layer {
    @Override
    public Var forward(Var x) {
        return ShapeOps.flatten(x);
    }
}
