package dev.jgan.gan.biggan;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Conv2d;
import dev.jgan.tensor.kernels.ConvSpec;

/** A stride-1 convolution with "same" zero padding and a bias (or none when null), weights fixed. */
record Conv(Tensor weight, Tensor bias, ConvSpec spec) {

    /** The convolution stored as {@code <prefix>.weight} and {@code <prefix>.bias}. */
    static Conv of(BigGanWeights w, String prefix) {
        Tensor weight = w.tensor(prefix + ".weight");
        return new Conv(weight, w.tensor(prefix + ".bias"), same(weight.dim(2)));
    }

    static ConvSpec same(int kernel) {
        return ConvSpec.of(kernel, 1, kernel / 2);
    }

    /** The convolution of x written into {@code out} [N, Cout, H, W] (overwriting it). */
    Tensor forward(Tensor x, Tensor out) {
        Conv2d.forward(x, weight, bias, spec, out);
        return out;
    }

    int outChannels() {
        return weight.dim(0);
    }
}
