package dev.jgan.nn.layers;

import dev.jgan.nn.Init;
import dev.jgan.nn.Layer;
import dev.jgan.nn.autograd.Convolution;
import dev.jgan.nn.autograd.Var;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.ConvSpec;

/**
 * Transposed 2-D convolution, weight [in, out, k, k], optional bias [out]; output size
 * (H - 1) stride - 2 padding + k + outputPadding. PyTorch's default initialisation.
 */
public final class ConvTranspose2d extends Layer {
    private final ConvSpec spec;
    private final int outputPadding;
    private final boolean hasBias;

    public ConvTranspose2d(int in, int out, int kernel, int stride, int padding, int outputPadding, boolean bias, Rng rng) {
        spec = ConvSpec.of(kernel, stride, padding);
        this.outputPadding = outputPadding;
        Tensor w = addParam("weight", Tensor.zeros(in, out, kernel, kernel)).value();
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

    /** Extra rows and columns added to one side of the output. */
    public int outputPadding() {
        return outputPadding;
    }

    public Var weight() {
        return param("weight");
    }

    public Var bias() {
        return hasBias ? param("bias") : null;
    }

    @Override
    public Var forward(Var x) {
        return Convolution.convTranspose2d(x, weight(), bias(), spec, outputPadding, outputPadding);
    }
}
