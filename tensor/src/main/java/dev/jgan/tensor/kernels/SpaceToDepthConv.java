package dev.jgan.tensor.kernels;

import java.util.Arrays;

/**
 * The forward pass of a strided convolution as a stride-1 convolution
 * over the input split into stride x stride phase planes (space to depth). Along each axis,
 * kernel tap k reads input position {@code s o - p + k = s (o + q) + r} with
 * {@code r = (k - p) mod s} and {@code q = (k - p) div s}: position {@code o + q} of phase plane r. So
 * y [Cout, positions] = W [Cout, Cin kH kW] B, with row (ci, kh, kw) of B the phase plane of
 * (ci, kh, kw) shifted by that tap's (qH, qW); W is used as stored.
 *
 * <p>The phase planes of a group of images are staged zero-padded, with the image index
 * innermost and rows padded to one common width, so each B row is one contiguous run of the
 * staging per output row. The forward pass packs those runs with vector copies straight into
 * the GEMM's panels ({@link StagedRuns}), and each output value is one GEMM dot product in a
 * fixed order, whichever group or thread computes it. The weight gradient over the same
 * phase planes is {@link PhaseWeightGradient}.
 */
final class SpaceToDepthConv {
    /**
     * Fewest output channels (GEMM rows) and input channels worth this path: with fewer, the
     * register tile is mostly empty, or the GEMM depth too shallow to pay for staging and packing.
     */
    static final int MIN_CHANNELS = 16;
    /** GEMM columns (output positions times images) a group of images aims for. */
    private static final int GROUP_COLUMNS = 512;

    private SpaceToDepthConv() {}

    /**
     * Whether {@link #forward} (and {@link PhaseWeightGradient}) take this convolution: strided,
     * undilated, enough channels on both sides.
     */
    static boolean handles(ConvGeometry g) {
        return g.stridedPhases() && g.outChannels() >= MIN_CHANNELS && g.inChannels() >= MIN_CHANNELS;
    }

    /** y = conv(x, w) + bias (bias may be null), overwriting y. */
    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        // y[o] = b + sum over k of W[k] x[s o - p + k]
        //      = b + sum over k of W[k] x_phase((k - p) mod s)[o + (k - p) div s]
        Layout layout = new Layout(g);
        int k = g.patch();
        float[] storage = ConvScratch.get().packed(GemmPackedA.size(GemmTile.DEFAULT, g.outChannels(), k));
        GemmPackedA weights = GemmPackedA.pack(false, g.outChannels(), k, w, 0, k, storage, 0);
        ConvPlan.forEachPart(g.images(), ConvPlan.imageParts(g),
                (part, from, to) -> images(layout, x, weights, bias, y, from, to));
    }

    /** Images [from, to) in groups: stage the phase planes, one GEMM, scatter. */
    private static void images(Layout layout, float[] x, GemmPackedA weights, float[] bias, float[] y,
                               int from, int to) {
        ConvScratch scratch = ConvScratch.get();
        ConvGeometry g = layout.g;
        for (int first = from; first < to; first += layout.group) {
            int count = Math.min(layout.group, to - first);
            float[] staged = stagedGroup(layout, scratch, x, first, count);
            int run = g.outW() * count;
            int columns = g.outH() * run;
            int step = layout.width * count;
            float[] out = scratch.columns(g.outChannels() * columns);
            GemmPanelSource taps = (p0, kc, j0, nc, dst, nr) -> {
                for (int p = 0; p < kc; p++) {
                    StagedRuns.pack(staged, layout.tapStart(p0 + p, count), run, step, j0, nc, dst, p * nr, nr, kc);
                }
            };
            Gemm.sgemm(weights, columns, taps, 0f, out, 0, columns);
            scatter(g, out, columns, bias, y, first, count);
        }
    }

    /**
     * staged[(ci, rH, rW), uH, uW, i] = x[first + i, ci, s (uH + lowH) + rH, s (uW + lowW) + rW],
     * zero outside x; cell (uH, uW) of a plane is at {@code (uH * width + uW) * count}.
     */
    private static void stage(Layout layout, float[] x, int first, int count, float[] staged) {
        ConvGeometry g = layout.g;
        ConvSpec s = g.spec();
        int plane = layout.cells * count;
        Arrays.fill(staged, 0, layout.planes() * plane, 0f);
        int imageStride = g.inChannels() * g.inPlane();
        int sW = s.strideW();
        for (int c = 0; c < g.inChannels(); c++) {
            int src = (first * g.inChannels() + c) * g.inPlane();
            for (int ih = 0; ih < g.inH(); ih++) {
                int uh = ih / s.strideH() - layout.lowH;
                if (uh < 0 || uh >= layout.stagedRows) {
                    continue;
                }
                int rowPlanes = (c * s.strideH() + ih % s.strideH()) * sW;
                int srcRow = src + ih * g.inW();
                for (int rw = 0; rw < sW; rw++) {
                    // phase position m of row ih in plane rw is x column s m + rw, staged at cell m - lowW
                    int dst = (rowPlanes + rw) * plane + (uh * layout.width - layout.lowW) * count;
                    int m0 = Math.max(0, layout.lowW);
                    int m1 = Math.min((g.inW() - rw + sW - 1) / sW, layout.width + layout.lowW);
                    for (int m = m0; m < m1; m++) {
                        int d = dst + m * count;
                        int from = srcRow + m * sW + rw;
                        for (int i = 0; i < count; i++) {
                            staged[d + i] = x[from + i * imageStride];
                        }
                    }
                }
            }
        }
    }

    /** y[first + i, co, p] = out[co, p * count + i] + bias[co]. */
    private static void scatter(ConvGeometry g, float[] out, int columns, float[] bias, float[] y,
                                int first, int count) {
        int plane = g.outPlane();
        for (int co = 0; co < g.outChannels(); co++) {
            float b = bias == null ? 0f : bias[co];
            int src = co * columns;
            for (int i = 0; i < count; i++) {
                int dst = ((first + i) * g.outChannels() + co) * plane;
                for (int p = 0; p < plane; p++) {
                    y[dst + p] = out[src + p * count + i] + b;
                }
            }
        }
    }

    /** The phase planes of images [first, first + count), staged in the thread's scratch. */
    private static float[] stagedGroup(Layout layout, ConvScratch scratch, float[] x, int first, int count) {
        float[] staged = scratch.staging(layout.planes() * layout.cells * count);
        stage(layout, x, first, count, staged);
        return staged;
    }

    /**
     * Where the staging puts each phase plane: cell (uH, uW) holds phase position
     * (uH + lowH, uW + lowW), the low shifts being those of tap 0. Rows are {@code width} cells
     * wide, enough for every output position plus the largest shift (reads past a row's end
     * land in the next row's leading zeros); a plane has the rows any tap reads and one spare row.
     */
    private static final class Layout {
        final ConvGeometry g;
        final int lowH;
        final int lowW;
        final int width;
        final int stagedRows;
        final int cells;
        final int group;

        Layout(ConvGeometry g) {
            this.g = g;
            ConvSpec s = g.spec();
            lowH = g.lowShiftH();
            lowW = g.lowShiftW();
            int highH = g.highShiftH();
            int highW = g.highShiftW();
            int phaseW = (g.inW() + s.strideW() - 1) / s.strideW();
            width = Math.max(1, Math.max(phaseW - Math.min(lowW, 0), g.outW() + highW - Math.max(lowW, 0)));
            stagedRows = g.outH() + highH - lowH;
            cells = (stagedRows + 1) * width;
            group = Math.max(1, Math.min(g.images(), (GROUP_COLUMNS + g.outPlane() - 1) / g.outPlane()));
        }

        /**
         * Where row (ci, kh, kw) of the lowered matrix starts in the staging of {@code count}
         * images: the tap's phase plane, shifted by the tap's (qH, qW).
         */
        int tapStart(int row, int count) {
            ConvSpec s = g.spec();
            int window = s.kernelH() * s.kernelW();
            int c = row / window;
            int kh = (row - c * window) / s.kernelW();
            int kw = row - c * window - kh * s.kernelW();
            int eh = kh - s.padH();
            int ew = kw - s.padW();
            int phase = (c * s.strideH() + Math.floorMod(eh, s.strideH())) * s.strideW()
                    + Math.floorMod(ew, s.strideW());
            int shiftH = Math.floorDiv(eh, s.strideH()) - lowH;
            int shiftW = Math.floorDiv(ew, s.strideW()) - lowW;
            return (phase * cells + shiftH * width + shiftW) * count;
        }

        /** Phase planes per image: one per input channel and phase. */
        int planes() {
            return g.inChannels() * g.spec().strideH() * g.spec().strideW();
        }
    }
}
