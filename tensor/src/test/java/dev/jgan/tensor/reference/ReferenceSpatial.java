package dev.jgan.tensor.reference;

/** Obvious float64 loops for pooling and upsampling of x[N, C, H, W] (planes = N * C). */
public final class ReferenceSpatial {
    private ReferenceSpatial() {}

    /** 2x2 stride-2 max pooling, floor for odd sizes. */
    public static double[] maxPool2x2(double[] x, int planes, int h, int w) {
        int oh = h / 2, ow = w / 2;
        double[] y = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int a = 0; a < 2; a++) {
                        for (int b = 0; b < 2; b++) {
                            max = Math.max(max, x[(p * h + 2 * i + a) * w + 2 * j + b]);
                        }
                    }
                    y[(p * oh + i) * ow + j] = max;
                }
            }
        }
        return y;
    }

    /** Gradient of maxPool2x2 given distinct window values: dy goes to each window's maximum. */
    public static double[] maxPool2x2Backward(double[] dy, double[] x, int planes, int h, int w) {
        int oh = h / 2, ow = w / 2;
        double[] dx = new double[x.length];
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int best = (p * h + 2 * i) * w + 2 * j;
                    for (int a = 0; a < 2; a++) {
                        for (int b = 0; b < 2; b++) {
                            int at = (p * h + 2 * i + a) * w + 2 * j + b;
                            if (x[at] > x[best]) {
                                best = at;
                            }
                        }
                    }
                    dx[best] += dy[(p * oh + i) * ow + j];
                }
            }
        }
        return dx;
    }

    /** Nearest-neighbour x2 upsampling. */
    public static double[] upsample2x(double[] x, int planes, int h, int w) {
        double[] y = new double[planes * 4 * h * w];
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < 2 * h; i++) {
                for (int j = 0; j < 2 * w; j++) {
                    y[(p * 2 * h + i) * 2 * w + j] = x[(p * h + i / 2) * w + j / 2];
                }
            }
        }
        return y;
    }

    /** y + upsample2x of x's first c channels; x [n, cx, h, w], y [n, c, 2h, 2w]. */
    public static double[] addUpsample2x(double[] x, int n, int cx, int h, int w, double[] y, int c) {
        double[] out = y.clone();
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                for (int r = 0; r < 2 * h; r++) {
                    for (int col = 0; col < 2 * w; col++) {
                        out[((i * c + ch) * 2 * h + r) * 2 * w + col] += x[((i * cx + ch) * h + r / 2) * w + col / 2];
                    }
                }
            }
        }
        return out;
    }

    /** y + x's first c channels; x [n, cx, plane], y [n, c, plane]. */
    public static double[] addFirstChannels(double[] x, int n, int cx, int plane, double[] y, int c) {
        double[] out = y.clone();
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < plane; p++) {
                    out[(i * c + ch) * plane + p] += x[(i * cx + ch) * plane + p];
                }
            }
        }
        return out;
    }

    /** Gradient of upsample2x: each input collects the dy of the outputs copied from it. */
    public static double[] upsample2xBackward(double[] dy, int planes, int h, int w) {
        double[] dx = new double[planes * h * w];
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < 2 * h; i++) {
                for (int j = 0; j < 2 * w; j++) {
                    dx[(p * h + i / 2) * w + j / 2] += dy[(p * 2 * h + i) * 2 * w + j];
                }
            }
        }
        return dx;
    }
}
