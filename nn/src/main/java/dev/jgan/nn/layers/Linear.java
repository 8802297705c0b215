package dev.jgan.nn.layers;

import dev.jgan.nn.Init;
import dev.jgan.nn.Layer;
import dev.jgan.nn.autograd.LinearAlgebra;
import dev.jgan.nn.autograd.Var;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;

/** y = x W^T + b; x [N, in], weight [out, in], bias [out]. PyTorch's default initialisation. */
public final class Linear extends Layer {
    private final boolean hasBias;

    public Linear(int in, int out, boolean bias, Rng rng) {
        Tensor w = addParam("weight", Tensor.zeros(out, in)).value();
        Init.kaimingUniform(w, rng, Math.sqrt(5));
        hasBias = bias;
        if (bias) {
            Init.defaultBias(addParam("bias", Tensor.zeros(out)).value(), rng, in);
        }
    }

    public Var weight() {
        return param("weight");
    }

    public Var bias() {
        return hasBias ? param("bias") : null;
    }

    @Override
    public Var forward(Var x) {
        return LinearAlgebra.linear(x, weight(), bias());
    }
}
