package dev.jgan.nn;

import dev.jgan.nn.autograd.Var;

/** A module with one input and one output, so layers can be chained in a {@link Sequential}. */
public abstract class Layer extends Module {
    public abstract Var forward(Var x);
}
