package dev.jgan.nn.layers;

import dev.jgan.nn.Layer;
import dev.jgan.nn.autograd.Spatial;
import dev.jgan.nn.autograd.Var;

/** Nearest-neighbour upsampling by 2: [N, C, H, W] to [N, C, 2H, 2W]. */
public final class Upsample extends Layer {
    @Override
    public Var forward(Var x) {
        return Spatial.upsampleNearest2x(x);
    }
}
