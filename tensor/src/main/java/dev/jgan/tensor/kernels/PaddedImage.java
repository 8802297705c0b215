package dev.jgan.tensor.kernels;

import java.util.Arrays;

/**
 * One image of a convolution's input, channels-last, with the padding written out as zeros: rows
 * and columns cover every window, row r holding input row r - padH (column likewise). Each output
 * position's window starts at a corner, and each patch row (ci, kh, kw) sits at a fixed offset from
 * it, so the patch-row kernels of {@link PatchWeightGradient} read any value of a
 * window without testing for the padding, and nothing is lowered.
 */
final class PaddedImage {
    private final ConvGeometry g;
    private final int height;
    private final int width;

    PaddedImage(ConvGeometry g) {
        this.g = g;
        ConvSpec s = g.spec();
        this.height = Math.max(1, (g.outH() - 1) * s.strideH() + (s.kernelH() - 1) * s.dilationH() + 1);
        this.width = Math.max(1, (g.outW() - 1) * s.strideW() + (s.kernelW() - 1) * s.dilationW() + 1);
    }

    int size() {
        return height * width * g.inChannels();
    }

    /** Patch row r = (ci, kh, kw): its value's offset from the window's corner. */
    int[] patchOffsets() {
        ConvSpec s = g.spec();
        int[] offsets = new int[g.patch()];
        int r = 0;
        for (int ci = 0; ci < g.inChannels(); ci++) {
            for (int kh = 0; kh < s.kernelH(); kh++) {
                for (int kw = 0; kw < s.kernelW(); kw++) {
                    offsets[r++] = (kh * s.dilationH() * width + kw * s.dilationW()) * g.inChannels() + ci;
                }
            }
        }
        return offsets;
    }

    /** Output position o's window corner: its offset in the padded image. */
    int[] corners() {
        ConvSpec s = g.spec();
        int[] corners = new int[g.outPlane()];
        for (int oh = 0; oh < g.outH(); oh++) {
            for (int ow = 0; ow < g.outW(); ow++) {
                corners[oh * g.outW() + ow] = (oh * s.strideH() * width + ow * s.strideW()) * g.inChannels();
            }
        }
        return corners;
    }

    /** dst = image {@code image} of x, padded and channels-last. */
    void copy(float[] x, int image, float[] dst) {
        int cIn = g.inChannels();
        int padH = g.spec().padH();
        int padW = g.spec().padW();
        Arrays.fill(dst, 0, size(), 0f);
        int rowFrom = Math.max(0, padH);
        int rowTo = Math.min(height, g.inH() + padH);
        int colFrom = Math.max(0, padW);
        int colTo = Math.min(width, g.inW() + padW);
        if (cIn == 1) {
            // one channel: each row is one run
            int plane = image * g.inPlane();
            for (int r = rowFrom; r < rowTo; r++) {
                System.arraycopy(x, plane + (r - padH) * g.inW() - padW + colFrom, dst, r * width + colFrom,
                        colTo - colFrom);
            }
            return;
        }
        for (int ci = 0; ci < cIn; ci++) {
            int plane = (image * cIn + ci) * g.inPlane();
            for (int r = rowFrom; r < rowTo; r++) {
                int src = plane + (r - padH) * g.inW() - padW;
                int to = r * width * cIn + ci;
                for (int c = colFrom; c < colTo; c++) {
                    dst[to + c * cIn] = x[src + c];
                }
            }
        }
    }
}
