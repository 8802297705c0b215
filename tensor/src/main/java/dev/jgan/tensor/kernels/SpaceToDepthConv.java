package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Parallel;
import java.util.Arrays;

/**
 * The forward pass of a strided convolution as a stride-1 convolution over the input split
 * into stride x stride phase planes (space to depth). Along each axis, kernel tap k reads
 * input position {@code s o - p + k = s (o + q) + r} with {@code r = (k - p) mod s} and
 * {@code q = (k - p) div s}: position {@code o + q} of phase plane r. So
 * y [Cout, positions] = W [Cout, Cin kH kW] B, with row (ci, kh, kw) of B the phase plane of
 * (ci, kh, kw) shifted by that tap's (qH, qW); W is used as stored.
 *
 * <p>The phase planes of a group of images are staged zero-padded, with the image index
 * innermost and rows padded to one common width, so each B row is one contiguous run of the
 * staging per output row, packed with vector copies straight into the GEMM's panels
 * ({@link StagedRuns}); no column matrix is built. Each output value is one GEMM dot product
 * in a fixed order, whichever group or thread computes it.
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

    /** Whether {@link #forward} takes this convolution: strided, undilated, enough channels on both sides. */
    static boolean handles(ConvGeometry g) {
        ConvSpec s = g.spec();
        return (s.strideH() > 1 || s.strideW() > 1) && s.dilationH() == 1 && s.dilationW() == 1
                && g.outChannels() >= MIN_CHANNELS && g.inChannels() >= MIN_CHANNELS
                && !g.wholeImageWindow() && g.images() > 0;
    }

    /** y = conv(x, w) + bias (bias may be null), overwriting y. */
    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        // y[o] = b + sum over k of W[k] x[s o - p + k] = b + sum over k of W[k] x_phase((k - p) mod s)[o + (k - p) div s]
        Layout layout = new Layout(g);
        int images = g.images();
        int parts = ConvPlan.parts(images, 2 * g.macs() / images);
        Parallel.forRange(parts, 1, (p0, p1) -> {
            for (int part = p0; part < p1; part++) {
                images(layout, x, w, bias, y, Parallel.chunkStart(images, parts, part),
                        Parallel.chunkStart(images, parts, part + 1));
            }
        });
    }

    /** Images [from, to) in groups: stage the phase planes, one GEMM, scatter. */
    private static void images(Layout layout, float[] x, float[] w, float[] bias, float[] y, int from, int to) {
        ConvScratch scratch = ConvScratch.get();
        ConvGeometry g = layout.g;
        ConvSpec s = g.spec();
        int k = g.patch();
        int window = s.kernelH() * s.kernelW();
        for (int first = from; first < to; first += layout.group) {
            int count = Math.min(layout.group, to - first);
            int plane = layout.cells * count;
            float[] staged = scratch.staging(layout.planes() * plane);
            stage(layout, x, first, count, staged);
            int run = g.outW() * count;
            int columns = g.outH() * run;
            int step = layout.width * count;
            float[] out = scratch.columns(g.outChannels() * columns);
            // row (ci, kh, kw) of B: phase plane of the tap, shifted by the tap's (qH, qW)
            GemmPanelSource taps = (p0, kc, j0, nc, dst, nr) -> {
                for (int p = 0; p < kc; p++) {
                    int row = p0 + p;
                    int c = row / window;
                    int kh = (row - c * window) / s.kernelW();
                    int kw = row - c * window - kh * s.kernelW();
                    int eh = kh - s.padH();
                    int ew = kw - s.padW();
                    int phase = (c * s.strideH() + Math.floorMod(eh, s.strideH())) * s.strideW()
                            + Math.floorMod(ew, s.strideW());
                    int start = phase * plane + ((Math.floorDiv(eh, s.strideH()) - layout.lowH) * layout.width
                            + Math.floorDiv(ew, s.strideW()) - layout.lowW) * count;
                    StagedRuns.pack(staged, start, run, step, j0, nc, dst, p * nr, nr, kc);
                }
            };
            Gemm.sgemm(false, g.outChannels(), columns, k, 1f, w, 0, k, taps, 0f, out, 0, columns);
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
        for (int c = 0; c < g.inChannels(); c++) {
            for (int i = 0; i < count; i++) {
                int src = ((first + i) * g.inChannels() + c) * g.inPlane();
                for (int ih = 0; ih < g.inH(); ih++) {
                    int uh = ih / s.strideH() - layout.lowH;
                    if (uh < 0 || uh >= layout.stagedRows) {
                        continue;
                    }
                    int rowPlanes = (c * s.strideH() + ih % s.strideH()) * s.strideW();
                    int srcRow = src + ih * g.inW();
                    for (int rw = 0; rw < s.strideW(); rw++) {
                        // phase position m of row ih in plane rw is x column s m + rw, staged at cell m - lowW
                        int dst = (rowPlanes + rw) * plane + (uh * layout.width - layout.lowW) * count + i;
                        int m0 = Math.max(0, layout.lowW);
                        int m1 = Math.min((g.inW() - rw + s.strideW() - 1) / s.strideW(), layout.width + layout.lowW);
                        for (int m = m0; m < m1; m++) {
                            staged[dst + m * count] = x[srcRow + m * s.strideW() + rw];
                        }
                    }
                }
            }
        }
    }

    /** y[first + i, co, p] = out[co, p * count + i] + bias[co]. */
    private static void scatter(ConvGeometry g, float[] out, int columns, float[] bias, float[] y, int first, int count) {
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
            lowH = Math.floorDiv(-s.padH(), s.strideH());
            lowW = Math.floorDiv(-s.padW(), s.strideW());
            int highH = Math.floorDiv(s.kernelH() - 1 - s.padH(), s.strideH());
            int highW = Math.floorDiv(s.kernelW() - 1 - s.padW(), s.strideW());
            int phaseW = (g.inW() + s.strideW() - 1) / s.strideW();
            width = Math.max(1, Math.max(phaseW - Math.min(lowW, 0), g.outW() + highW - Math.max(lowW, 0)));
            stagedRows = g.outH() + highH - lowH;
            cells = (stagedRows + 1) * width;
            group = Math.max(1, Math.min(g.images(), (GROUP_COLUMNS + g.outPlane() - 1) / g.outPlane()));
        }

        /** Phase planes per image: one per input channel and phase. */
        int planes() {
            return g.inChannels() * g.spec().strideH() * g.spec().strideW();
        }
    }
}
