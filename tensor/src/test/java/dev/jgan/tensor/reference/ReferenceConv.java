package dev.jgan.tensor.reference;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.ConvSpec;

/**
 * Float64 convolution references written as the direct loops of their definitions
 * (PyTorch semantics, NCHW, groups = 1). Results are flat NCHW arrays.
 */
public final class ReferenceConv {
    private ReferenceConv() {}

    /** y[n, co, oh, ow] = b[co] + sum over ci, i, j of x[n, ci, oh s - p + i d, ow s - p + j d] w[co, ci, i, j]. */
    public static double[] forward(Tensor x, Tensor w, Tensor bias, ConvSpec s) {
        int n = x.dim(0), cin = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int cout = w.dim(0), kh = s.kernelH(), kw = s.kernelW();
        int oh = s.outH(h), ow = s.outW(wd);
        double[] y = new double[n * cout * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int co = 0; co < cout; co++) {
                for (int r = 0; r < oh; r++) {
                    for (int c = 0; c < ow; c++) {
                        double sum = bias == null ? 0 : bias.data()[co];
                        for (int ci = 0; ci < cin; ci++) {
                            for (int i = 0; i < kh; i++) {
                                for (int j = 0; j < kw; j++) {
                                    int ih = r * s.strideH() - s.padH() + i * s.dilationH();
                                    int iw = c * s.strideW() - s.padW() + j * s.dilationW();
                                    if (ih >= 0 && ih < h && iw >= 0 && iw < wd) {
                                        sum += (double) x.data()[((b * cin + ci) * h + ih) * wd + iw]
                                                * w.data()[((co * cin + ci) * kh + i) * kw + j];
                                    }
                                }
                            }
                        }
                        y[((b * cout + co) * oh + r) * ow + c] = sum;
                    }
                }
            }
        }
        return y;
    }

    /** dx[n, ci, ih, iw] = sum of dy[n, co, oh, ow] w[co, ci, i, j] over every (oh, ow, i, j) that reads (ih, iw). */
    public static double[] backwardInput(Tensor dy, Tensor w, ConvSpec s, int h, int wd) {
        int n = dy.dim(0), cout = dy.dim(1), oh = dy.dim(2), ow = dy.dim(3);
        int cin = w.dim(1), kh = s.kernelH(), kw = s.kernelW();
        double[] dx = new double[n * cin * h * wd];
        for (int b = 0; b < n; b++) {
            for (int co = 0; co < cout; co++) {
                for (int r = 0; r < oh; r++) {
                    for (int c = 0; c < ow; c++) {
                        double g = dy.data()[((b * cout + co) * oh + r) * ow + c];
                        for (int ci = 0; ci < cin; ci++) {
                            for (int i = 0; i < kh; i++) {
                                for (int j = 0; j < kw; j++) {
                                    int ih = r * s.strideH() - s.padH() + i * s.dilationH();
                                    int iw = c * s.strideW() - s.padW() + j * s.dilationW();
                                    if (ih >= 0 && ih < h && iw >= 0 && iw < wd) {
                                        dx[((b * cin + ci) * h + ih) * wd + iw] +=
                                                g * w.data()[((co * cin + ci) * kh + i) * kw + j];
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

    /** dw[co, ci, i, j] = sum over n, oh, ow of dy[n, co, oh, ow] x[n, ci, oh s - p + i d, ow s - p + j d]. */
    public static double[] backwardWeight(Tensor dy, Tensor x, ConvSpec s) {
        int n = x.dim(0), cin = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int cout = dy.dim(1), oh = dy.dim(2), ow = dy.dim(3), kh = s.kernelH(), kw = s.kernelW();
        double[] dw = new double[cout * cin * kh * kw];
        for (int co = 0; co < cout; co++) {
            for (int ci = 0; ci < cin; ci++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        double sum = 0;
                        for (int b = 0; b < n; b++) {
                            for (int r = 0; r < oh; r++) {
                                for (int c = 0; c < ow; c++) {
                                    int ih = r * s.strideH() - s.padH() + i * s.dilationH();
                                    int iw = c * s.strideW() - s.padW() + j * s.dilationW();
                                    if (ih >= 0 && ih < h && iw >= 0 && iw < wd) {
                                        sum += (double) dy.data()[((b * cout + co) * oh + r) * ow + c]
                                                * x.data()[((b * cin + ci) * h + ih) * wd + iw];
                                    }
                                }
                            }
                        }
                        dw[((co * cin + ci) * kh + i) * kw + j] = sum;
                    }
                }
            }
        }
        return dw;
    }

    /** dbias[c] = sum over n, h, w of dy[n, c, h, w]. */
    public static double[] backwardBias(Tensor dy) {
        int n = dy.dim(0), c = dy.dim(1), plane = dy.dim(2) * dy.dim(3);
        double[] db = new double[c];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < plane; p++) {
                    db[ch] += dy.data()[(b * c + ch) * plane + p];
                }
            }
        }
        return db;
    }

    /**
     * Transposed convolution by direct scatter: every input value x[n, ci, ih, iw] adds
     * x w[ci, co, i, j] to y[n, co, ih s - p + i d, iw s - p + j d] when that lies inside y;
     * y starts at the bias. w is [Cin, Cout, kH, kW].
     */
    public static double[] transposedForward(Tensor x, Tensor w, Tensor bias, ConvSpec s,
                                             int outputPaddingH, int outputPaddingW) {
        int n = x.dim(0), cin = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int cout = w.dim(1), kh = s.kernelH(), kw = s.kernelW();
        int oh = s.transposedOutH(h, outputPaddingH), ow = s.transposedOutW(wd, outputPaddingW);
        double[] y = new double[n * cout * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int co = 0; co < cout; co++) {
                for (int p = 0; p < oh * ow; p++) {
                    y[(b * cout + co) * oh * ow + p] = bias == null ? 0 : bias.data()[co];
                }
            }
            for (int ci = 0; ci < cin; ci++) {
                for (int r = 0; r < h; r++) {
                    for (int c = 0; c < wd; c++) {
                        double v = x.data()[((b * cin + ci) * h + r) * wd + c];
                        for (int co = 0; co < cout; co++) {
                            for (int i = 0; i < kh; i++) {
                                for (int j = 0; j < kw; j++) {
                                    int yr = r * s.strideH() - s.padH() + i * s.dilationH();
                                    int yc = c * s.strideW() - s.padW() + j * s.dilationW();
                                    if (yr >= 0 && yr < oh && yc >= 0 && yc < ow) {
                                        y[((b * cout + co) * oh + yr) * ow + yc] +=
                                                v * w.data()[((ci * cout + co) * kh + i) * kw + j];
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

    /** Transposed convolution's input gradient: dx[n, ci, r, c] = sum of dy at every output that x[n, ci, r, c] was scattered to, times w. */
    public static double[] transposedBackwardInput(Tensor dy, Tensor w, ConvSpec s, int h, int wd) {
        int n = dy.dim(0), cout = dy.dim(1), oh = dy.dim(2), ow = dy.dim(3);
        int cin = w.dim(0), kh = s.kernelH(), kw = s.kernelW();
        double[] dx = new double[n * cin * h * wd];
        for (int b = 0; b < n; b++) {
            for (int ci = 0; ci < cin; ci++) {
                for (int r = 0; r < h; r++) {
                    for (int c = 0; c < wd; c++) {
                        double sum = 0;
                        for (int co = 0; co < cout; co++) {
                            for (int i = 0; i < kh; i++) {
                                for (int j = 0; j < kw; j++) {
                                    int yr = r * s.strideH() - s.padH() + i * s.dilationH();
                                    int yc = c * s.strideW() - s.padW() + j * s.dilationW();
                                    if (yr >= 0 && yr < oh && yc >= 0 && yc < ow) {
                                        sum += (double) dy.data()[((b * cout + co) * oh + yr) * ow + yc]
                                                * w.data()[((ci * cout + co) * kh + i) * kw + j];
                                    }
                                }
                            }
                        }
                        dx[((b * cin + ci) * h + r) * wd + c] = sum;
                    }
                }
            }
        }
        return dx;
    }

    /** Transposed convolution's weight gradient: dw[ci, co, i, j] = sum over n, r, c of x[n, ci, r, c] dy[n, co, r s - p + i d, c s - p + j d]. */
    public static double[] transposedBackwardWeight(Tensor dy, Tensor x, ConvSpec s) {
        int n = x.dim(0), cin = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int cout = dy.dim(1), oh = dy.dim(2), ow = dy.dim(3), kh = s.kernelH(), kw = s.kernelW();
        double[] dw = new double[cin * cout * kh * kw];
        for (int ci = 0; ci < cin; ci++) {
            for (int co = 0; co < cout; co++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        double sum = 0;
                        for (int b = 0; b < n; b++) {
                            for (int r = 0; r < h; r++) {
                                for (int c = 0; c < wd; c++) {
                                    int yr = r * s.strideH() - s.padH() + i * s.dilationH();
                                    int yc = c * s.strideW() - s.padW() + j * s.dilationW();
                                    if (yr >= 0 && yr < oh && yc >= 0 && yc < ow) {
                                        sum += (double) x.data()[((b * cin + ci) * h + r) * wd + c]
                                                * dy.data()[((b * cout + co) * oh + yr) * ow + yc];
                                    }
                                }
                            }
                        }
                        dw[((ci * cout + co) * kh + i) * kw + j] = sum;
                    }
                }
            }
        }
        return dw;
    }
}
