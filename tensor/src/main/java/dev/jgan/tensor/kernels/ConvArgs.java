package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;

/** Argument checks shared by {@link Conv2d} and {@link ConvTranspose2d}; messages name the operand and both shapes. */
final class ConvArgs {
    private ConvArgs() {}

    static void requireImages(String what, Tensor t) {
        if (t == null) {
            throw new NullPointerException(what + " is null");
        }
        Shapes.requireRank(what, t, 4);
    }

    /** Weight [first, second, kH, kW] with the given first two dimensions. */
    static void requireWeight(String what, Tensor w, int first, int second, ConvSpec spec) {
        requireImages(what, w);
        Shapes.requireShape(what, w, first, second, spec.kernelH(), spec.kernelW());
    }

    static void requireBias(String what, Tensor bias, int channels) {
        if (bias != null) {
            Shapes.requireShape(what, bias, channels);
        }
    }

    /** Throws unless the kernel window fits inside the zero-padded input of {@code x}. */
    static void requireWindowFits(String what, Tensor x, int inH, int inW, ConvSpec spec) {
        int spanH = spec.dilationH() * (spec.kernelH() - 1) + 1;
        int spanW = spec.dilationW() * (spec.kernelW() - 1) + 1;
        if (inH + 2 * spec.padH() < spanH || inW + 2 * spec.padW() < spanW) {
            throw new IllegalArgumentException(what + ": shape " + x.shapeString() + " with padding ["
                    + spec.padH() + ", " + spec.padW() + "] is smaller than the kernel span ["
                    + spanH + ", " + spanW + "]");
        }
    }

    /** Output padding of a transposed convolution must lie in [0, max(stride, dilation)) per axis, as in PyTorch. */
    static void requireOutputPadding(String what, int paddingH, int paddingW, ConvSpec spec) {
        int limitH = Math.max(spec.strideH(), spec.dilationH());
        int limitW = Math.max(spec.strideW(), spec.dilationW());
        if (paddingH < 0 || paddingW < 0 || paddingH >= limitH || paddingW >= limitW) {
            throw new IllegalArgumentException(what + ": output padding [" + paddingH + ", " + paddingW
                    + "] must be non-negative and below max(stride, dilation) = [" + limitH + ", " + limitW + "]");
        }
    }
}
