package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;

/**
 * Transposed 2-D convolution (PyTorch's ConvTranspose2d), NCHW, groups = 1.
 * x [N, Cin, H, W], w [Cin, Cout, kH, kW], bias [Cout] or null,
 * y [N, Cout, (H-1)s - 2p + d(k-1) + outputPadding + 1, ...].
 * It is the adjoint of {@link Conv2d} and runs on the same lowering: forward here is
 * Conv2d's backward to the input, backward to the input is Conv2d's forward, and backward
 * to the weight is Conv2d's with x and dy swapped.
 */
public final class ConvTranspose2d {
    private ConvTranspose2d() {}

    public static Tensor forward(Tensor x, Tensor w, Tensor bias, ConvSpec spec,
                                 int outputPaddingH, int outputPaddingW) {
        ConvArgs.requireImages("ConvTranspose2d input", x);
        ConvArgs.requireImages("ConvTranspose2d weight", w);
        ConvArgs.requireOutputPadding("ConvTranspose2d", outputPaddingH, outputPaddingW, spec);
        int outH = spec.transposedOutH(x.dim(2), outputPaddingH);
        int outW = spec.transposedOutW(x.dim(3), outputPaddingW);
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("ConvTranspose2d input: shape " + x.shapeString() + " with " + spec
                    + " gives an empty output [" + outH + ", " + outW + "]");
        }
        Tensor y = Tensor.zeros(x.dim(0), w.dim(1), outH, outW);
        forward(x, w, bias, spec, y);
        return y;
    }

    /** Writes y into {@code out} (overwriting it); out's shape gives the output size. */
    public static void forward(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor out) {
        // y = conv^T(x, W) + b  (the input gradient of conv(., W))
        ConvArgs.requireImages("ConvTranspose2d input", x);
        ConvArgs.requireImages("ConvTranspose2d output", out);
        ConvGeometry g = geometry(x, out, spec, "ConvTranspose2d output");
        ConvArgs.requireWeight("ConvTranspose2d weight", w, g.outChannels(), g.inChannels(), spec);
        ConvArgs.requireBias("ConvTranspose2d bias", bias, g.inChannels());
        ConvLowering.backwardInput(g, x.data(), w.data(), bias == null ? null : bias.data(), out.data());
    }

    /**
     * dx [N, Cin, H, W] from dy, with H and W the Conv2d output size of dy's spatial size
     * (exact when the output padding was below the stride; otherwise pass dx to give the size).
     */
    public static Tensor backwardInput(Tensor dy, Tensor w, ConvSpec spec) {
        ConvArgs.requireImages("ConvTranspose2d output gradient", dy);
        ConvArgs.requireImages("ConvTranspose2d weight", w);
        ConvArgs.requireWindowFits("ConvTranspose2d output gradient", dy, dy.dim(2), dy.dim(3), spec);
        Tensor dx = Tensor.zeros(dy.dim(0), w.dim(0), spec.outH(dy.dim(2)), spec.outW(dy.dim(3)));
        backwardInput(dy, w, spec, dx);
        return dx;
    }

    /** Writes dx into {@code dx} (overwriting it); dx's shape gives the input size. */
    public static void backwardInput(Tensor dy, Tensor w, ConvSpec spec, Tensor dx) {
        // y = conv^T(x, W)  =>  dx = conv(dy, W)
        ConvArgs.requireImages("ConvTranspose2d input gradient", dx);
        ConvArgs.requireImages("ConvTranspose2d output gradient", dy);
        ConvGeometry g = geometry(dx, dy, spec, "ConvTranspose2d output gradient");
        ConvArgs.requireWeight("ConvTranspose2d weight", w, g.outChannels(), g.inChannels(), spec);
        ConvLowering.forward(g, dy.data(), w.data(), null, dx.data());
    }

    /** dw [Cin, Cout, kH, kW] from dy and the forward input x. */
    public static Tensor backwardWeight(Tensor dy, Tensor x, ConvSpec spec) {
        ConvArgs.requireImages("ConvTranspose2d output gradient", dy);
        ConvArgs.requireImages("ConvTranspose2d input", x);
        Tensor dw = Tensor.zeros(x.dim(1), dy.dim(1), spec.kernelH(), spec.kernelW());
        backwardWeight(dy, x, spec, dw);
        return dw;
    }

    /** Writes dw into {@code dw} (overwriting it). */
    public static void backwardWeight(Tensor dy, Tensor x, ConvSpec spec, Tensor dw) {
        // y = conv^T(x, W)  =>  dW = sum over images of x col(dy)^T  (Conv2d's weight gradient with x and dy swapped)
        ConvArgs.requireImages("ConvTranspose2d input", x);
        ConvArgs.requireImages("ConvTranspose2d output gradient", dy);
        ConvGeometry g = geometry(x, dy, spec, "ConvTranspose2d output gradient");
        ConvArgs.requireWeight("ConvTranspose2d weight gradient", dw, g.outChannels(), g.inChannels(), spec);
        ConvLowering.backwardWeight(g, x.data(), dy.data(), dw.data());
    }

    /** dbias [Cout]: dy summed over N, H, W. */
    public static Tensor backwardBias(Tensor dy) {
        return Conv2d.backwardBias(dy);
    }

    /**
     * The Conv2d this transposed convolution is the adjoint of: it maps {@code big} (the
     * transposed output, the Conv2d input) to {@code small} (the transposed input).
     * Checks that big's spatial size is one the transposed convolution can produce from small's.
     */
    private static ConvGeometry geometry(Tensor small, Tensor big, ConvSpec spec, String bigName) {
        int n = small.dim(0);
        int h = small.dim(2);
        int w = small.dim(3);
        int outputPaddingH = big.dim(2) - spec.transposedOutH(h, 0);
        int outputPaddingW = big.dim(3) - spec.transposedOutW(w, 0);
        if (big.dim(0) != n || outputPaddingH < 0 || outputPaddingW < 0
                || outputPaddingH >= Math.max(spec.strideH(), spec.dilationH())
                || outputPaddingW >= Math.max(spec.strideW(), spec.dilationW())) {
            throw new IllegalArgumentException(bigName + ": shape " + big.shapeString()
                    + " is not an output size of a transposed convolution with " + spec + " of input shape "
                    + small.shapeString() + " (expected [" + n + ", C, " + spec.transposedOutH(h, 0) + ", "
                    + spec.transposedOutW(w, 0) + "] plus an output padding below max(stride, dilation))");
        }
        return new ConvGeometry(n, big.dim(1), big.dim(2), big.dim(3), small.dim(1), h, w, spec);
    }
}
