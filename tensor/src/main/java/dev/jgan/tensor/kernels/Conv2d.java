package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Tensor;

/**
 * 2-D convolution (cross-correlation, as PyTorch), NCHW, groups = 1.
 * x [N, Cin, H, W], w [Cout, Cin, kH, kW], bias [Cout] or null, y [N, Cout, outH, outW].
 */
public final class Conv2d {
    private Conv2d() {}

    public static Tensor forward(Tensor x, Tensor w, Tensor bias, ConvSpec spec) {
        throw new UnsupportedOperationException("Conv2d.forward");
    }

    /** Writes y into {@code out} (overwriting it). */
    public static void forward(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor out) {
        throw new UnsupportedOperationException("Conv2d.forward");
    }

    /** dx [N, Cin, inH, inW] from dy [N, Cout, outH, outW]. */
    public static Tensor backwardInput(Tensor dy, Tensor w, ConvSpec spec, int inH, int inW) {
        throw new UnsupportedOperationException("Conv2d.backwardInput");
    }

    /** Writes dx into {@code dx} (overwriting it); dx's shape gives the input size. */
    public static void backwardInput(Tensor dy, Tensor w, ConvSpec spec, Tensor dx) {
        throw new UnsupportedOperationException("Conv2d.backwardInput");
    }

    /** dw [Cout, Cin, kH, kW] from dy and the forward input x. */
    public static Tensor backwardWeight(Tensor dy, Tensor x, ConvSpec spec) {
        throw new UnsupportedOperationException("Conv2d.backwardWeight");
    }

    /** Writes dw into {@code dw} (overwriting it). */
    public static void backwardWeight(Tensor dy, Tensor x, ConvSpec spec, Tensor dw) {
        throw new UnsupportedOperationException("Conv2d.backwardWeight");
    }

    /** dbias [Cout]: dy summed over N, H, W. */
    public static Tensor backwardBias(Tensor dy) {
        throw new UnsupportedOperationException("Conv2d.backwardBias");
    }
}
