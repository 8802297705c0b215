package dev.jgan.nn.testing;

/** Float64 reference forwards with obvious loops: convolutions, pooling, upsampling. All NCHW. */
public final class RefConv {
    private RefConv() {}

    /** Geometry of one conv: sizes, kernel, stride, padding (square). */
    public record Geometry(int n, int cin, int h, int w, int cout, int k, int stride, int pad) {
        public int outH() {
            return (h + 2 * pad - k) / stride + 1;
        }

        public int outW() {
            return (w + 2 * pad - k) / stride + 1;
        }

        /** Output size of the transposed conv with this geometry read backwards. */
        public int transposedH(int outputPadding) {
            return (h - 1) * stride - 2 * pad + k + outputPadding;
        }

        public int transposedW(int outputPadding) {
            return (w - 1) * stride - 2 * pad + k + outputPadding;
        }
    }

    /** Cross-correlation: x [n, cin, h, w], weight [cout, cin, k, k], bias [cout] or null. */
    public static double[] conv2d(double[] x, double[] weight, double[] bias, Geometry g) {
        int oh = g.outH();
        int ow = g.outW();
        double[] y = new double[g.n() * g.cout() * oh * ow];
        for (int n = 0; n < g.n(); n++) {
            for (int co = 0; co < g.cout(); co++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double s = bias == null ? 0 : bias[co];
                        for (int ci = 0; ci < g.cin(); ci++) {
                            for (int ki = 0; ki < g.k(); ki++) {
                                for (int kj = 0; kj < g.k(); kj++) {
                                    int r = i * g.stride() - g.pad() + ki;
                                    int c = j * g.stride() - g.pad() + kj;
                                    if (r >= 0 && r < g.h() && c >= 0 && c < g.w()) {
                                        s += x[((n * g.cin() + ci) * g.h() + r) * g.w() + c]
                                                * weight[((co * g.cin() + ci) * g.k() + ki) * g.k() + kj];
                                    }
                                }
                            }
                        }
                        y[((n * g.cout() + co) * oh + i) * ow + j] = s;
                    }
                }
            }
        }
        return y;
    }

    /**
     * Transposed conv: x [n, cin, h, w], weight [cin, cout, k, k]; every input value
     * scatters weight-scaled copies into the output at stride steps, shifted by -pad.
     */
    public static double[] convTranspose2d(double[] x, double[] weight, double[] bias, Geometry g, int outputPadding) {
        int oh = g.transposedH(outputPadding);
        int ow = g.transposedW(outputPadding);
        double[] y = new double[g.n() * g.cout() * oh * ow];
        for (int n = 0; n < g.n(); n++) {
            for (int co = 0; co < g.cout(); co++) {
                for (int p = 0; p < oh * ow; p++) {
                    y[(n * g.cout() + co) * oh * ow + p] = bias == null ? 0 : bias[co];
                }
            }
            for (int ci = 0; ci < g.cin(); ci++) {
                for (int i = 0; i < g.h(); i++) {
                    for (int j = 0; j < g.w(); j++) {
                        double v = x[((n * g.cin() + ci) * g.h() + i) * g.w() + j];
                        for (int co = 0; co < g.cout(); co++) {
                            for (int ki = 0; ki < g.k(); ki++) {
                                for (int kj = 0; kj < g.k(); kj++) {
                                    int r = i * g.stride() - g.pad() + ki;
                                    int c = j * g.stride() - g.pad() + kj;
                                    if (r >= 0 && r < oh && c >= 0 && c < ow) {
                                        y[((n * g.cout() + co) * oh + r) * ow + c] +=
                                                v * weight[((ci * g.cout() + co) * g.k() + ki) * g.k() + kj];
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

    /** Max pooling with a square window of size k and stride k, no padding: x [planes, h, w]. */
    public static double[] maxPool(double[] x, int planes, int h, int w, int k) {
        int oh = h / k;
        int ow = w / k;
        double[] y = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int a = 0; a < k; a++) {
                        for (int b = 0; b < k; b++) {
                            m = Math.max(m, x[(p * h + i * k + a) * w + j * k + b]);
                        }
                    }
                    y[(p * oh + i) * ow + j] = m;
                }
            }
        }
        return y;
    }

    /** Nearest-neighbour upsampling by an integer factor: x [planes, h, w]. */
    public static double[] upsampleNearest(double[] x, int planes, int h, int w, int factor) {
        int oh = h * factor;
        int ow = w * factor;
        double[] y = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    y[(p * oh + i) * ow + j] = x[(p * h + i / factor) * w + j / factor];
                }
            }
        }
        return y;
    }
}
