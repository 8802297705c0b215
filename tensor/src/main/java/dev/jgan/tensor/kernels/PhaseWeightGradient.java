package dev.jgan.tensor.kernels;

import java.util.Arrays;

/**
 * The weight gradient of a strided convolution over the input's phase planes (the lowering
 * {@link SpaceToDepthConv} uses forward), with the taps reordered so that the GEMM's B operand
 * packs with plain vector copies. The phase planes are staged channels-last: each cell (one
 * phase position of one image) holds all Cin x sH x sW planes' values, ordered (rH, rW, ci).
 * Column p = (image, output position) of the lowered matrix, taken over taps ordered
 * (kh, kw, ci), is then a run of Cin consecutive staged values per tap:
 * B[p, (kh, kw, ci)] = staged[cell(p) + shift(kh, kw) + phase(kh, kw) Cin + ci]. Columns run
 * image by image (the GEMM's depth can take them in any order), so dy's planes are copied
 * whole ({@link ChannelPlanes#gather}).
 *
 * <p>dW' [Cout, kH kW Cin] = sum over groups of dy [Cout, columns] B [columns, kH kW Cin],
 * summed per part of the images (parts in order), then permuted into dW [Cout, Cin kH kW].
 */
final class PhaseWeightGradient {
    /** GEMM depth (output positions times images) a group of images aims for: one depth block. */
    private static final int GROUP_COLUMNS = GemmDriver.KC;

    private PhaseWeightGradient() {}

    /** dw = sum over images of dy col(x)^T, split into per-part sums combined in part order. */
    static void backwardWeight(ConvGeometry g, float[] dy, float[] x, float[] dw) {
        // y = W col(x)  =>  dW = sum over images of dy col(x)^T, col's rows read from the channels-last phase planes
        Layout layout = new Layout(g);
        int parts = ConvPlan.imageParts(g);
        int size = g.outChannels() * g.patch();
        float[] partials = ConvScratch.get().partials(parts * size);
        ConvPlan.forEachPart(g.images(), parts, (part, from, to) -> part(layout, dy, x, partials, part * size, from, to));
        permuteTaps(g, partials, parts, dw);
    }

    /** partial[offset..] = dW' summed over images [from, to), group by group. */
    private static void part(Layout layout, float[] dy, float[] x, float[] partial, int offset, int from, int to) {
        ConvScratch scratch = ConvScratch.get();
        ConvGeometry g = layout.g;
        int k = g.patch();
        int cOut = g.outChannels();
        for (int first = from; first < to; first += layout.group) {
            int count = Math.min(layout.group, to - first);
            int columns = g.outPlane() * count;
            float[] staged = scratch.staging(layout.cells * count * layout.planes);
            stage(layout, x, first, count, staged);
            float[] grad = scratch.columns(cOut * columns);
            ChannelPlanes.gather(dy, cOut, g.outPlane(), first, count, grad);
            GemmPackedA a = GemmPackedA.pack(false, cOut, columns, grad, 0, columns,
                    scratch.packed(GemmPackedA.size(GemmTile.DEFAULT, cOut, columns)), 0);
            Gemm.sgemm(a, k, (p0, kc, j0, nc, dst, nr) -> pack(layout, staged, p0, kc, j0, nc, dst, nr),
                    first == from ? 0f : 1f, partial, offset, k);
        }
    }

    /**
     * B rows [p0, p0 + kc) (columns of the lowered matrix, image by image) and taps
     * [j0, j0 + nc) in panels of nr: per column, the same runs of consecutive input channels,
     * cut where a tap or a panel ends ({@link Runs}), from that column's cell.
     */
    private static void pack(Layout layout, float[] staged, int p0, int kc, int j0, int nc,
                             float[] dst, int nr) {
        Runs runs = new Runs(layout, j0, nc, nr, kc);
        int outW = layout.g.outW();
        int outPlane = layout.g.outPlane();
        int image = p0 / outPlane;
        int row = (p0 - image * outPlane) / outW;
        int col = p0 - image * outPlane - row * outW;
        int tail = nc % nr;
        int lastPanel = (nc - tail) * kc;
        for (int p = 0; p < kc; p++) {
            int cell = (image * layout.cells + row * layout.width + col) * layout.planes;
            for (int r = 0; r < runs.count; r++) {
                StagedRuns.copy(staged, cell + runs.source[r], dst, runs.target[r] + p * nr, runs.length[r]);
            }
            if (tail > 0) {
                Arrays.fill(dst, lastPanel + p * nr + tail, lastPanel + (p + 1) * nr, 0f);
            }
            if (++col == outW) {
                col = 0;
                if (++row == layout.g.outH()) {
                    row = 0;
                    image++;
                }
            }
        }
    }

    /** Taps [j0, j0 + nc) cut into runs of consecutive channels within one tap and one panel. */
    private static final class Runs {
        final int[] source;
        final int[] target;
        final int[] length;
        final int count;

        Runs(Layout layout, int j0, int nc, int nr, int kc) {
            int cIn = layout.g.inChannels();
            int most = nc / Math.min(cIn, nr) + 2 * ((nc + nr - 1) / nr) + 1;
            source = new int[most];
            target = new int[most];
            length = new int[most];
            int n = 0;
            for (int done = 0; done < nc; n++) {
                int j = j0 + done;
                int tap = j / cIn;
                int ci = j - tap * cIn;
                int o = done % nr;
                int len = Math.min(Math.min(cIn - ci, nr - o), nc - done);
                source[n] = layout.tapOffset(tap) + ci;
                target[n] = (done - o) * kc + o;
                length[n] = len;
                done += len;
            }
            count = n;
        }
    }

    /**
     * staged[((i cells + uH width + uW) planes + (rH sW + rW) Cin + ci]
     * = x[first + i, ci, sH (uH + lowH) + rH, sW (uW + lowW) + rW], zero outside x; written in order.
     */
    private static void stage(Layout layout, float[] x, int first, int count, float[] staged) {
        ConvGeometry g = layout.g;
        ConvSpec s = g.spec();
        int sH = s.strideH();
        int sW = s.strideW();
        int cIn = g.inChannels();
        int inPlane = g.inPlane();
        int d = 0;
        for (int i = 0; i < count; i++) {
            int image = (first + i) * cIn * inPlane;
            for (int uh = 0; uh < layout.stagedRows; uh++) {
                for (int uw = 0; uw < layout.width; uw++) {
                    for (int rh = 0; rh < sH; rh++) {
                        int ih = sH * (uh + layout.lowH) + rh;
                        for (int rw = 0; rw < sW; rw++, d += cIn) {
                            int iw = sW * (uw + layout.lowW) + rw;
                            if (ih < 0 || ih >= g.inH() || iw < 0 || iw >= g.inW()) {
                                Arrays.fill(staged, d, d + cIn, 0f);
                                continue;
                            }
                            // one position's channels, read down the channel planes (scalar: measured faster than a gather)
                            int src = image + ih * g.inW() + iw;
                            for (int c = 0; c < cIn; c++) {
                                staged[d + c] = x[src + c * inPlane];
                            }
                        }
                    }
                }
            }
        }
    }

    /** dw[co, ci, kh, kw] = sum over parts, in order, of partials[part][co, (kh, kw), ci]. */
    private static void permuteTaps(ConvGeometry g, float[] partials, int parts, float[] dw) {
        int cIn = g.inChannels();
        int window = g.spec().kernelH() * g.spec().kernelW();
        int size = g.outChannels() * g.patch();
        for (int co = 0; co < g.outChannels(); co++) {
            int row = co * g.patch();
            for (int tap = 0; tap < window; tap++) {
                for (int ci = 0; ci < cIn; ci++) {
                    int from = row + tap * cIn + ci;
                    float sum = partials[from];
                    for (int part = 1; part < parts; part++) {
                        sum += partials[part * size + from];
                    }
                    dw[row + ci * window + tap] = sum;
                }
            }
        }
    }

    /** The channels-last staging's geometry: the phase positions any tap reads, per image. */
    private static final class Layout {
        final ConvGeometry g;
        final int lowH;
        final int lowW;
        final int width;
        final int stagedRows;
        final int cells;
        final int planes;
        final int group;
        /** Per tap (kh, kw): the cell shift and the offset of the tap's phase within a cell. */
        private final int[] shifts;
        private final int[] phases;

        Layout(ConvGeometry g) {
            this.g = g;
            ConvSpec s = g.spec();
            lowH = g.lowShiftH();
            lowW = g.lowShiftW();
            int highH = g.highShiftH();
            int highW = g.highShiftW();
            width = g.outW() + highW - lowW;
            stagedRows = g.outH() + highH - lowH;
            cells = stagedRows * width;
            planes = g.inChannels() * s.strideH() * s.strideW();
            group = Math.max(1, Math.min(g.images(), (GROUP_COLUMNS + g.outPlane() - 1) / g.outPlane()));
            int window = s.kernelH() * s.kernelW();
            shifts = new int[window];
            phases = new int[window];
            for (int kh = 0; kh < s.kernelH(); kh++) {
                for (int kw = 0; kw < s.kernelW(); kw++) {
                    int eh = kh - s.padH();
                    int ew = kw - s.padW();
                    shifts[kh * s.kernelW() + kw] = (Math.floorDiv(eh, s.strideH()) - lowH) * width
                            + Math.floorDiv(ew, s.strideW()) - lowW;
                    phases[kh * s.kernelW() + kw] = (Math.floorMod(eh, s.strideH()) * s.strideW()
                            + Math.floorMod(ew, s.strideW())) * g.inChannels();
                }
            }
        }

        /** Offset of tap (kh, kw)'s first channel from a column's cell. */
        int tapOffset(int tap) {
            return shifts[tap] * planes + phases[tap];
        }
    }
}
