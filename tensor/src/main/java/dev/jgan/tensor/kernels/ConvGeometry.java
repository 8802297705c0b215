package dev.jgan.tensor.kernels;

/**
 * Sizes of one convolution in its Conv2d sense: x [images, inChannels, inH, inW] is
 * correlated with w [outChannels, inChannels, kH, kW] into y [images, outChannels, outH, outW].
 * A transposed convolution is described by the Conv2d it is the adjoint of.
 */
record ConvGeometry(int images, int inChannels, int inH, int inW,
                    int outChannels, int outH, int outW, ConvSpec spec) {

    /** Rows of the lowered column matrix: inChannels * kH * kW. */
    int patch() {
        return inChannels * spec.kernelH() * spec.kernelW();
    }

    /** Output positions per image and channel: outH * outW. */
    int outPlane() {
        return outH * outW;
    }

    int inPlane() {
        return inH * inW;
    }

    /** 1x1 kernel, stride 1, no padding: the column matrix of an image is the image itself. */
    boolean pointwise() {
        return spec.kernelH() == 1 && spec.kernelW() == 1 && spec.strideH() == 1 && spec.strideW() == 1
                && spec.padH() == 0 && spec.padW() == 0 && outH == inH && outW == inW;
    }

    /**
     * The kernel covers the whole unpadded image exactly once (one output position): the
     * column matrix of all images is x viewed as [images, patch], transposed.
     */
    boolean wholeImageWindow() {
        return outH == 1 && outW == 1 && spec.padH() == 0 && spec.padW() == 0
                && spec.kernelH() == inH && spec.kernelW() == inW
                && (spec.dilationH() == 1 || inH == 1) && (spec.dilationW() == 1 || inW == 1);
    }

    /**
     * Strided and undilated, spanning more than one output position, with at least one image:
     * the shapes the phase-plane paths ({@link SpaceToDepthConv}, {@link SubPixelInputGradient}) take
     * when they also have enough channels.
     */
    boolean stridedPhases() {
        return (spec.strideH() > 1 || spec.strideW() > 1) && spec.dilationH() == 1 && spec.dilationW() == 1
                && !wholeImageWindow() && images > 0;
    }

    /**
     * Along H, the phase-plane position offset of kernel tap 0, floor(-padH / strideH): tap k reads
     * position {@code o + floor((k - padH) / strideH)} of its phase plane, so this is the lowest.
     */
    int lowShiftH() {
        return Math.floorDiv(-spec.padH(), spec.strideH());
    }

    /** The same along W. */
    int lowShiftW() {
        return Math.floorDiv(-spec.padW(), spec.strideW());
    }

    /** Along H, the offset of the last kernel tap, floor((kH - 1 - padH) / strideH): the highest. */
    int highShiftH() {
        return Math.floorDiv(spec.kernelH() - 1 - spec.padH(), spec.strideH());
    }

    /** The same along W. */
    int highShiftW() {
        return Math.floorDiv(spec.kernelW() - 1 - spec.padW(), spec.strideW());
    }

    /** Multiply-adds of the whole convolution (the same for each of its three passes). */
    long macs() {
        return (long) images * outPlane() * outChannels * patch();
    }
}
