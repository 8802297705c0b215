package dev.jgan.gan.biggan;

import dev.jgan.nn.backend.Backend;
import dev.jgan.tensor.kernels.ConvSpec;

/** A {@link Conv} on a backend: weight and bias (or none when null) uploaded once. */
record BackendConv<T>(T weight, T bias, ConvSpec spec, int outChannels) {

    static <T> BackendConv<T> of(Conv conv, BackendParameters<T> parameters) {
        return new BackendConv<>(parameters.upload(conv.weight()),
                conv.bias() == null ? null : parameters.upload(conv.bias()), conv.spec(), conv.outChannels());
    }

    /** The convolution of x written into {@code out} (overwriting it). */
    T forward(Backend<T> backend, T x, T out) {
        backend.conv2d(x, weight, bias, spec, out);
        return out;
    }
}
