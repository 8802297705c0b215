package dev.jgan.nn.layers;

import dev.jgan.nn.Layer;
import dev.jgan.nn.autograd.Spatial;
import dev.jgan.nn.autograd.Var;

/** Max pooling over non-overlapping 2x2 windows (kernel 2, stride 2), as SAGAN and BigGAN use it. */
public final class MaxPool2d extends Layer {
    @Override
    public Var forward(Var x) {
        return Spatial.maxPool2x2(x);
    }
}
