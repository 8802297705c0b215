// Geometry of one 2-D convolution, passed by value to every convolution kernel.
//
// Always described from the forward convolution's point of view (NCHW, groups = 1):
//   x [batch, in_c, in_h, in_w], w [out_c, in_c, k_h, k_w], y [batch, out_c, out_h, out_w],
//   y[b][o][oh][ow] = sum_{c, kh, kw} w[o][c][kh][kw] * x[b][c][oh*stride_h - pad_h + kh*dil_h]
//                                                            [ow*stride_w - pad_w + kw*dil_w]
// with x read as zero outside the image. A transposed convolution is the adjoint of this one,
// so it is described by the convolution it transposes (its input is this y, its output this x).
//
// Fifteen 32-bit ints, no padding: the Java side (dev.jgan.cuda.ConvShape) writes them in this
// order into one 60-byte kernel parameter.
#pragma once

struct ConvShape {
    int batch;
    int in_c, in_h, in_w;
    int out_c, out_h, out_w;
    int k_h, k_w;
    int stride_h, stride_w;
    int pad_h, pad_w;
    int dil_h, dil_w;
};
