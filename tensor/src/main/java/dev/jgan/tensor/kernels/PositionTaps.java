package dev.jgan.tensor.kernels;

/**
 * For every position of a pass's output, the kernel taps that reach a real (unpadded) position
 * of its input, as pairs of offsets: where the tap's input row starts in a channels-last image
 * (position times depth) and where its weights start within a block of output channels (tap
 * times depth times the block's width). Taps that would read padding are left out, so no multiply-add is spent on zeros.
 */
final class PositionTaps {
    /** Pairs of position p are {@code pairs[2 t], pairs[2 t + 1]} for t in [start[p], start[p + 1]). */
    final int[] start;
    final int[] pairs;

    private PositionTaps(int[] start, int[] pairs) {
        this.start = start;
        this.pairs = pairs;
    }

    /**
     * Forward pass: output position (oh, ow) reads input (s oh - p + d k) along each axis, for taps
     * in (kh, kw) order.
     */
    static PositionTaps forward(ConvGeometry g, int depth, int width) {
        ConvSpec s = g.spec();
        int kH = s.kernelH();
        int kW = s.kernelW();
        int[] start = new int[g.outPlane() + 1];
        int[] pairs = new int[2 * g.outPlane() * kH * kW];
        int n = 0;
        for (int oh = 0; oh < g.outH(); oh++) {
            for (int ow = 0; ow < g.outW(); ow++) {
                start[oh * g.outW() + ow] = n;
                for (int kh = 0; kh < kH; kh++) {
                    int ih = oh * s.strideH() - s.padH() + kh * s.dilationH();
                    if (ih < 0 || ih >= g.inH()) {
                        continue;
                    }
                    for (int kw = 0; kw < kW; kw++) {
                        int iw = ow * s.strideW() - s.padW() + kw * s.dilationW();
                        if (iw >= 0 && iw < g.inW()) {
                            pairs[2 * n] = (ih * g.inW() + iw) * depth;
                            pairs[2 * n + 1] = (kh * kW + kw) * depth * width;
                            n++;
                        }
                    }
                }
            }
        }
        start[g.outPlane()] = n;
        return new PositionTaps(start, pairs);
    }

    /**
     * Backward pass to the input: input position i receives tap k from output position
     * (i + p - d k) / s along each axis, where that divides exactly and lands inside the output.
     */
    static PositionTaps backwardInput(ConvGeometry g, int depth, int width) {
        ConvSpec s = g.spec();
        int kH = s.kernelH();
        int kW = s.kernelW();
        int[] start = new int[g.inPlane() + 1];
        int[] pairs = new int[2 * g.inPlane() * kH * kW];
        int n = 0;
        for (int ih = 0; ih < g.inH(); ih++) {
            for (int iw = 0; iw < g.inW(); iw++) {
                start[ih * g.inW() + iw] = n;
                for (int kh = 0; kh < kH; kh++) {
                    int oh = outputIndex(ih + s.padH() - kh * s.dilationH(), s.strideH(), g.outH());
                    if (oh < 0) {
                        continue;
                    }
                    for (int kw = 0; kw < kW; kw++) {
                        int ow = outputIndex(iw + s.padW() - kw * s.dilationW(), s.strideW(), g.outW());
                        if (ow >= 0) {
                            pairs[2 * n] = (oh * g.outW() + ow) * depth;
                            pairs[2 * n + 1] = (kh * kW + kw) * depth * width;
                            n++;
                        }
                    }
                }
            }
        }
        start[g.inPlane()] = n;
        return new PositionTaps(start, pairs);
    }

    /** {@code shifted / stride} when that is exact and in [0, size), else -1. */
    private static int outputIndex(int shifted, int stride, int size) {
        if (shifted < 0 || shifted % stride != 0) {
            return -1;
        }
        int o = shifted / stride;
        return o < size ? o : -1;
    }

    /** Output positions. */
    int positions() {
        return start.length - 1;
    }
}
