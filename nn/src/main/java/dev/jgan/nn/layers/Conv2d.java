package dev.jgan.nn.layers;

import dev.jgan.nn.Init;
import dev.jgan.nn.Layer;
import dev.jgan.nn.autograd.Convolution;
import dev.jgan.nn.autograd.Var;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.ConvSpec;

/** 2-D convolution, weight [out, in, k, k], optional bias [out]; PyTorch's default initialisation. */
public final class Conv2d extends Layer {
    private final ConvSpec spec;
    private final boolean hasBias;

    public Conv2d(int in, int out, int kernel, int stride, int padding, boolean bias, Rng rng) {
        spec = ConvSpec.of(kernel, stride, padding);
        Tensor w = addParam("weight", Tensor.zeros(out, in, kernel, kernel)).value();
        Init.kaimingUniform(w, rng, Math.sqrt(5));
        hasBias = bias;
        if (bias) {
            Init.defaultBias(addParam("bias", Tensor.zeros(out)).value(), rng, Init.fanIn(w));
        }
    }

    /** Kernel size, stride, padding and dilation. */
    public ConvSpec spec() {
        return spec;
    }

    public Var weight() {
        return param("weight");
    }

    public Var bias() {
        return hasBias ? param("bias") : null;
    }

    @Override
    public Var forward(Var x) {
        return Convolution.conv2d(x, weight(), bias(), spec);
    }
}
