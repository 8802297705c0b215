package dev.jgan.tensor.kernels;

/**
 * The geometry of a 2-D convolution window: kernel size, stride, zero padding and
 * dilation, each for height and width. Groups are always 1.
 */
public record ConvSpec(int kernelH, int kernelW, int strideH, int strideW,
                       int padH, int padW, int dilationH, int dilationW) {

    public ConvSpec {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1
                || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("invalid convolution geometry " + this);
        }
    }

    /** Square kernel, stride, padding; dilation 1. */
    public static ConvSpec of(int kernel, int stride, int pad) {
        return new ConvSpec(kernel, kernel, stride, stride, pad, pad, 1, 1);
    }

    public ConvSpec withDilation(int dilation) {
        return new ConvSpec(kernelH, kernelW, strideH, strideW, padH, padW, dilation, dilation);
    }

    /** Output height of a convolution over an input of height {@code inH}. */
    public int outH(int inH) {
        return outSize(inH, kernelH, strideH, padH, dilationH);
    }

    public int outW(int inW) {
        return outSize(inW, kernelW, strideW, padW, dilationW);
    }

    /** Output height of a transposed convolution: (in - 1) s - 2p + d (k - 1) + outputPadding + 1. */
    public int transposedOutH(int inH, int outputPaddingH) {
        return (inH - 1) * strideH - 2 * padH + dilationH * (kernelH - 1) + outputPaddingH + 1;
    }

    public int transposedOutW(int inW, int outputPaddingW) {
        return (inW - 1) * strideW - 2 * padW + dilationW * (kernelW - 1) + outputPaddingW + 1;
    }

    private static int outSize(int in, int k, int stride, int pad, int dilation) {
        int span = dilation * (k - 1) + 1;
        int padded = in + 2 * pad;
        if (padded < span) {
            throw new IllegalArgumentException("input size " + in + " with padding " + pad
                    + " is smaller than the kernel span " + span);
        }
        return (padded - span) / stride + 1;
    }
}
