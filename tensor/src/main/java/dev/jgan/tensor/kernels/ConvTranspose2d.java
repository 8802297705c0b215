package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Tensor;

/**
 * Transposed 2-D convolution (PyTorch's ConvTranspose2d), NCHW, groups = 1.
 * x [N, Cin, H, W], w [Cin, Cout, kH, kW], bias [Cout] or null,
 * y [N, Cout, (H-1)s - 2p + d(k-1) + outputPadding + 1, ...].
 * It is the adjoint of {@link Conv2d}: forward here is Conv2d's backward to the input.
 */
public final class ConvTranspose2d {
    private ConvTranspose2d() {}

    public static Tensor forward(Tensor x, Tensor w, Tensor bias, ConvSpec spec,
                                 int outputPaddingH, int outputPaddingW) {
        throw new UnsupportedOperationException("ConvTranspose2d.forward");
    }

    /** Writes y into {@code out} (overwriting it); out's shape gives the output size. */
    public static void forward(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor out) {
        throw new UnsupportedOperationException("ConvTranspose2d.forward");
    }

    /** dx [N, Cin, H, W] from dy. */
    public static Tensor backwardInput(Tensor dy, Tensor w, ConvSpec spec) {
        throw new UnsupportedOperationException("ConvTranspose2d.backwardInput");
    }

    public static void backwardInput(Tensor dy, Tensor w, ConvSpec spec, Tensor dx) {
        throw new UnsupportedOperationException("ConvTranspose2d.backwardInput");
    }

    /** dw [Cin, Cout, kH, kW] from dy and the forward input x. */
    public static Tensor backwardWeight(Tensor dy, Tensor x, ConvSpec spec) {
        throw new UnsupportedOperationException("ConvTranspose2d.backwardWeight");
    }

    public static void backwardWeight(Tensor dy, Tensor x, ConvSpec spec, Tensor dw) {
        throw new UnsupportedOperationException("ConvTranspose2d.backwardWeight");
    }
}
