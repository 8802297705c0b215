package dev.jgan.nn.layers;

import dev.jgan.nn.Layer;
import dev.jgan.nn.autograd.ShapeOps;
import dev.jgan.nn.autograd.Var;

/** [N, ...] to [N, shape...] with the batch size kept (one dimension of shape may be -1). */
public final class Reshape extends Layer {
    private final int[] shape;

    public Reshape(int... shape) {
        this.shape = shape.clone();
    }

    @Override
    public Var forward(Var x) {
        int[] full = new int[shape.length + 1];
        full[0] = x.dim(0);
        System.arraycopy(shape, 0, full, 1, shape.length);
        return ShapeOps.reshape(x, full);
    }
}
