package dev.jgan.nn.layers;

import dev.jgan.nn.autograd.Var;
import dev.jgan.tensor.kernels.Rectifier;

/** A ReLU-like layer that a preceding batch norm can fuse into its own pass. */
public interface RectifierLayer {
    /** The activation this layer applies. */
    Rectifier rectifier();

    /** Applies it (as a separate op). */
    Var forward(Var x);
}
