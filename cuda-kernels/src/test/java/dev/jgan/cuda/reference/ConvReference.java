package dev.jgan.cuda.reference;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.ConvSpec;

/**
 * Float64 convolutions with obvious loops (NCHW, groups = 1), the ground truth for the GPU kernels.
 * Input row r of a window tap: r = outRow * stride - pad + tap * dilation.
 */
public final class ConvReference {
    private ConvReference() {}

    /** y[b][o][oh][ow] = bias[o] + sum_{c,kh,kw} w[o][c][kh][kw] x[b][c][oh*s - p + kh*d][ow*s - p + kw*d]. */
    public static double[] conv2d(Tensor x, Tensor w, Tensor bias, ConvSpec spec) {
        int n = x.dim(0), cin = x.dim(1), h = x.dim(2), wd = x.dim(3), cout = w.dim(0);
        int oh = spec.outH(h), ow = spec.outW(wd);
        double[] y = new double[n * cout * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < cout; o++) {
                for (int r = 0; r < oh; r++) {
                    for (int q = 0; q < ow; q++) {
                        double sum = bias == null ? 0 : bias.get(o);
                        for (int c = 0; c < cin; c++) {
                            for (int kh = 0; kh < spec.kernelH(); kh++) {
                                for (int kw = 0; kw < spec.kernelW(); kw++) {
                                    int ih = r * spec.strideH() - spec.padH() + kh * spec.dilationH();
                                    int iw = q * spec.strideW() - spec.padW() + kw * spec.dilationW();
                                    if (ih >= 0 && ih < h && iw >= 0 && iw < wd) {
                                        sum += (double) w.get(o, c, kh, kw) * x.get(b, c, ih, iw);
                                    }
                                }
                            }
                        }
                        y[((b * cout + o) * oh + r) * ow + q] = sum;
                    }
                }
            }
        }
        return y;
    }

    /** dx [N, Cin, inH, inW]: every dy[b][o][oh][ow] * w[o][c][kh][kw] added to the input pixel it came from. */
    public static double[] conv2dBackwardInput(Tensor dy, Tensor w, ConvSpec spec, int inH, int inW) {
        int n = dy.dim(0), cout = dy.dim(1), oh = dy.dim(2), ow = dy.dim(3), cin = w.dim(1);
        double[] dx = new double[n * cin * inH * inW];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < cout; o++) {
                for (int r = 0; r < oh; r++) {
                    for (int q = 0; q < ow; q++) {
                        double g = dy.get(b, o, r, q);
                        for (int c = 0; c < cin; c++) {
                            for (int kh = 0; kh < spec.kernelH(); kh++) {
                                for (int kw = 0; kw < spec.kernelW(); kw++) {
                                    int ih = r * spec.strideH() - spec.padH() + kh * spec.dilationH();
                                    int iw = q * spec.strideW() - spec.padW() + kw * spec.dilationW();
                                    if (ih >= 0 && ih < inH && iw >= 0 && iw < inW) {
                                        dx[((b * cin + c) * inH + ih) * inW + iw] += g * w.get(o, c, kh, kw);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return dx;
    }

    /** dw[o][c][kh][kw] = sum_{b,oh,ow} dy[b][o][oh][ow] x[b][c][oh*s - p + kh*d][ow*s - p + kw*d]. */
    public static double[] conv2dBackwardWeight(Tensor dy, Tensor x, ConvSpec spec) {
        int n = x.dim(0), cin = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int cout = dy.dim(1), oh = dy.dim(2), ow = dy.dim(3), kH = spec.kernelH(), kW = spec.kernelW();
        double[] dw = new double[cout * cin * kH * kW];
        for (int o = 0; o < cout; o++) {
            for (int c = 0; c < cin; c++) {
                for (int kh = 0; kh < kH; kh++) {
                    for (int kw = 0; kw < kW; kw++) {
                        double sum = 0;
                        for (int b = 0; b < n; b++) {
                            for (int r = 0; r < oh; r++) {
                                for (int q = 0; q < ow; q++) {
                                    int ih = r * spec.strideH() - spec.padH() + kh * spec.dilationH();
                                    int iw = q * spec.strideW() - spec.padW() + kw * spec.dilationW();
                                    if (ih >= 0 && ih < h && iw >= 0 && iw < wd) {
                                        sum += (double) dy.get(b, o, r, q) * x.get(b, c, ih, iw);
                                    }
                                }
                            }
                        }
                        dw[((o * cin + c) * kH + kh) * kW + kw] = sum;
                    }
                }
            }
        }
        return dw;
    }

    /** dbias[o] = sum_{b,oh,ow} dy[b][o][oh][ow] (for any rank >= 2). */
    public static double[] channelSum(Tensor dy) {
        int n = dy.dim(0), c = dy.dim(1), plane = dy.size() / (n * c);
        double[] sum = new double[c];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < c; o++) {
                for (int p = 0; p < plane; p++) {
                    sum[o] += dy.data()[(b * c + o) * plane + p];
                }
            }
        }
        return sum;
    }

    /** Transposed convolution, w [Cin, Cout, kH, kW]: each x[b][ci][ih][iw] * w[ci][co][kh][kw] lands on y[b][co][ih*s - p + kh*d][iw*s - p + kw*d]. */
    public static double[] convTranspose2d(Tensor x, Tensor w, Tensor bias, ConvSpec spec, int outH, int outW) {
        int n = x.dim(0), cin = x.dim(1), h = x.dim(2), wd = x.dim(3), cout = w.dim(1);
        double[] y = new double[n * cout * outH * outW];
        for (int b = 0; b < n; b++) {
            for (int co = 0; co < cout; co++) {
                for (int p = 0; p < outH * outW; p++) {
                    y[(b * cout + co) * outH * outW + p] = bias == null ? 0 : bias.get(co);
                }
            }
            for (int ci = 0; ci < cin; ci++) {
                for (int ih = 0; ih < h; ih++) {
                    for (int iw = 0; iw < wd; iw++) {
                        double v = x.get(b, ci, ih, iw);
                        for (int co = 0; co < cout; co++) {
                            for (int kh = 0; kh < spec.kernelH(); kh++) {
                                for (int kw = 0; kw < spec.kernelW(); kw++) {
                                    int r = ih * spec.strideH() - spec.padH() + kh * spec.dilationH();
                                    int q = iw * spec.strideW() - spec.padW() + kw * spec.dilationW();
                                    if (r >= 0 && r < outH && q >= 0 && q < outW) {
                                        y[((b * cout + co) * outH + r) * outW + q] += v * w.get(ci, co, kh, kw);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    /** dx[b][ci][ih][iw] = sum_{co,kh,kw} w[ci][co][kh][kw] dy[b][co][ih*s - p + kh*d][iw*s - p + kw*d]. */
    public static double[] convTranspose2dBackwardInput(Tensor dy, Tensor w, ConvSpec spec, int inH, int inW) {
        int n = dy.dim(0), cout = dy.dim(1), outH = dy.dim(2), outW = dy.dim(3), cin = w.dim(0);
        double[] dx = new double[n * cin * inH * inW];
        for (int b = 0; b < n; b++) {
            for (int ci = 0; ci < cin; ci++) {
                for (int ih = 0; ih < inH; ih++) {
                    for (int iw = 0; iw < inW; iw++) {
                        double sum = 0;
                        for (int co = 0; co < cout; co++) {
                            for (int kh = 0; kh < spec.kernelH(); kh++) {
                                for (int kw = 0; kw < spec.kernelW(); kw++) {
                                    int r = ih * spec.strideH() - spec.padH() + kh * spec.dilationH();
                                    int q = iw * spec.strideW() - spec.padW() + kw * spec.dilationW();
                                    if (r >= 0 && r < outH && q >= 0 && q < outW) {
                                        sum += (double) w.get(ci, co, kh, kw) * dy.get(b, co, r, q);
                                    }
                                }
                            }
                        }
                        dx[((b * cin + ci) * inH + ih) * inW + iw] = sum;
                    }
                }
            }
        }
        return dx;
    }

    /** dw[ci][co][kh][kw] = sum_{b,ih,iw} x[b][ci][ih][iw] dy[b][co][ih*s - p + kh*d][iw*s - p + kw*d]. */
    public static double[] convTranspose2dBackwardWeight(Tensor dy, Tensor x, ConvSpec spec) {
        int n = x.dim(0), cin = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int cout = dy.dim(1), outH = dy.dim(2), outW = dy.dim(3), kH = spec.kernelH(), kW = spec.kernelW();
        double[] dw = new double[cin * cout * kH * kW];
        for (int b = 0; b < n; b++) {
            for (int ci = 0; ci < cin; ci++) {
                for (int ih = 0; ih < h; ih++) {
                    for (int iw = 0; iw < wd; iw++) {
                        double v = x.get(b, ci, ih, iw);
                        for (int co = 0; co < cout; co++) {
                            for (int kh = 0; kh < kH; kh++) {
                                for (int kw = 0; kw < kW; kw++) {
                                    int r = ih * spec.strideH() - spec.padH() + kh * spec.dilationH();
                                    int q = iw * spec.strideW() - spec.padW() + kw * spec.dilationW();
                                    if (r >= 0 && r < outH && q >= 0 && q < outW) {
                                        dw[((ci * cout + co) * kH + kh) * kW + kw] += v * dy.get(b, co, r, q);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return dw;
    }
}
