package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Parallel;
import java.util.Arrays;

/**
 * The backward pass to the input of a strided convolution (which is also a strided
 * transposed convolution's forward pass) as one stride-1 convolution per sub-pixel phase.
 * Along each axis, input positions {@code s a + r} (phase r) receive only the kernel taps
 * {@code (r + p) mod s + s t}, from output positions {@code a + (r + p) div s - t}; so phase
 * (rH, rW) is the GEMM dx_phase [Cin, columns] = W_phase [Cin, Cout tH tW] shifts(dy) [Cout tH tW, columns].
 * Compared with dcol = W^T dy followed by col2im, nothing is scattered back tap by tap.
 *
 * <p>The output gradient of a group of images is staged zero-padded, channel-major, with
 * the image index innermost and every row padded to one common width. A row of the GEMM's
 * B operand (one channel, one tap) is then, per row of phase positions, one contiguous run
 * of the staging (all columns of that row for all images of the group), packed with vector
 * copies straight into the GEMM's panels; no column matrix is built.
 *
 * <p>Each input-gradient value is one GEMM dot product over (Cout, tH, tW) in a fixed order,
 * whichever group or thread computes it, so results do not depend on the thread count.
 */
final class SubPixelInputGradient {
    /** Fewest input channels (GEMM rows) worth this path; below, the register tile would be mostly empty. */
    static final int MIN_CHANNELS = 16;
    /** GEMM columns (phase positions times images) a group of images aims for. */
    private static final int GROUP_COLUMNS = 512;

    private SubPixelInputGradient() {}

    /** Whether {@link #backwardInput} takes this convolution: strided, undilated, enough input channels. */
    static boolean handles(ConvGeometry g) {
        return g.stridedPhases() && g.inChannels() >= MIN_CHANNELS;
    }

    /** dx = conv^T(dy, w) + bias (bias may be null), overwriting dx. */
    static void backwardInput(ConvGeometry g, float[] dy, float[] w, float[] bias, float[] dx) {
        // y = conv(x, W)  =>  dx[s a + r] = sum over t of W[(r + p) mod s + s t] dy[a + (r + p) div s - t], per axis
        Layout layout = new Layout(g);
        GemmPackedA[] weights = packedPhaseWeights(layout, phaseWeights(g, layout, w));
        ConvPlan.forEachPart(g.images(), ConvPlan.imageParts(g),
                (part, from, to) -> images(layout, weights, dy, bias, dx, from, to));
    }

    /** Images [from, to) in groups: stage, then one GEMM and one scatter per phase. */
    private static void images(Layout layout, GemmPackedA[] weights, float[] dy, float[] bias, float[] dx,
                               int from, int to) {
        ConvScratch scratch = ConvScratch.get();
        ConvGeometry g = layout.g;
        for (int first = from; first < to; first += layout.group) {
            int count = Math.min(layout.group, to - first);
            float[] staged = scratch.staging(g.outChannels() * layout.cells * count);
            stage(layout, dy, first, count, staged);
            float[] out = scratch.columns(g.inChannels() * layout.rows.maxSize() * layout.cols.maxSize() * count);
            for (int rh = 0; rh < layout.rows.stride(); rh++) {
                for (int rw = 0; rw < layout.cols.stride(); rw++) {
                    phase(layout, weights, staged, bias, dx, first, count, rh, rw, out);
                }
            }
        }
    }

    /** Phase (rh, rw) of images [first, first + count) of dx. */
    private static void phase(Layout layout, GemmPackedA[] weights, float[] staged, float[] bias, float[] dx,
                              int first, int count, int rh, int rw, float[] out) {
        int positionsH = layout.rows.size(rh);
        int positionsW = layout.cols.size(rw);
        if (positionsH == 0 || positionsW == 0) {
            return;
        }
        int tapsH = layout.rows.taps(rh);
        int tapsW = layout.cols.taps(rw);
        if (tapsH == 0 || tapsW == 0) {
            scatter(layout, null, 0, bias, dx, first, count, rh, rw);
            return;
        }
        int run = positionsW * count;
        int columns = positionsH * run;
        int plane = layout.cells * count;
        int step = layout.width * count;
        // row (c, th, tw) of B is the staging of channel c shifted by tap (th, tw): one run per position row
        int shift0 = ((layout.rows.lead(rh) - layout.lowH) * layout.width + layout.cols.lead(rw) - layout.lowW) * count;
        GemmPanelSource shifts = (p0, kc, j0, nc, dst, nr) -> {
            for (int p = 0; p < kc; p++) {
                int row = p0 + p;
                int c = row / (tapsH * tapsW);
                int tap = row - c * tapsH * tapsW;
                int th = tap / tapsW;
                int start = c * plane + shift0 - (th * layout.width + tap - th * tapsW) * count;
                StagedRuns.pack(staged, start, run, step, j0, nc, dst, p * nr, nr, kc);
            }
        };
        Gemm.sgemm(weights[rh * layout.cols.stride() + rw], columns, shifts, 0f, out, 0, columns);
        scatter(layout, out, columns, bias, dx, first, count, rh, rw);
    }

    /**
     * staged[c, uH, uW, i] = dy[first + i, c, uH + lowH, uW + lowW], zero where that lies
     * outside dy; cell (uH, uW) is at {@code (uH * width + uW) * count} within channel c's plane.
     */
    private static void stage(Layout layout, float[] dy, int first, int count, float[] staged) {
        ConvGeometry g = layout.g;
        int plane = layout.cells * count;
        Arrays.fill(staged, 0, g.outChannels() * plane, 0f);
        int y0 = Math.max(0, layout.lowH);
        int y1 = Math.min(g.outH(), layout.stagedRows + layout.lowH);
        int x0 = Math.max(0, layout.lowW);
        int x1 = Math.min(g.outW(), layout.width + layout.lowW);
        for (int c = 0; c < g.outChannels(); c++) {
            for (int i = 0; i < count; i++) {
                int src = ((first + i) * g.outChannels() + c) * g.outPlane();
                int dst = c * plane + i;
                for (int y = y0; y < y1; y++) {
                    int row = dst + ((y - layout.lowH) * layout.width - layout.lowW) * count;
                    int srcRow = src + y * g.outW();
                    for (int x = x0; x < x1; x++) {
                        staged[row + x * count] = dy[srcRow + x];
                    }
                }
            }
        }
    }

    /**
     * dx[first + i, c, s a + r] = out[c, (aH * positionsW + aW) * count + i] + bias[c] over the phase's
     * positions; zeros (or the bias) when {@code out} is null (a phase no tap reaches).
     */
    private static void scatter(Layout layout, float[] out, int columns, float[] bias, float[] dx,
                                int first, int count, int rh, int rw) {
        ConvGeometry g = layout.g;
        int positionsH = layout.rows.size(rh);
        int positionsW = layout.cols.size(rw);
        int strideH = layout.rows.stride();
        int strideW = layout.cols.stride();
        for (int c = 0; c < g.inChannels(); c++) {
            float b = bias == null ? 0f : bias[c];
            for (int i = 0; i < count; i++) {
                int dst = ((first + i) * g.inChannels() + c) * g.inPlane() + rh * g.inW() + rw;
                int src = c * columns + i;
                for (int a = 0; a < positionsH; a++) {
                    int dstRow = dst + a * strideH * g.inW();
                    if (out == null) {
                        for (int aw = 0; aw < positionsW; aw++) {
                            dx[dstRow + aw * strideW] = b;
                        }
                    } else {
                        int srcRow = src + a * positionsW * count;
                        for (int aw = 0; aw < positionsW; aw++) {
                            dx[dstRow + aw * strideW] = out[srcRow + aw * count] + b;
                        }
                    }
                }
            }
        }
    }

    /**
     * The weights of every phase with taps, as row-major [Cin, Cout tH tW] matrices one after
     * another (phase order), in the calling thread's scratch:
     * W_phase[ci, (co, th, tw)] = w[co, ci, fH + sH th, fW + sW tw].
     */
    /** Each phase's W_phase packed for the GEMM (null for a phase no tap reaches), indexed rH * strideW + rW. */
    private static GemmPackedA[] packedPhaseWeights(Layout layout, float[] phaseWeights) {
        ConvGeometry g = layout.g;
        int phases = layout.rows.stride() * layout.cols.stride();
        GemmPackedA[] packed = new GemmPackedA[phases];
        int size = 0;
        for (int phase = 0; phase < phases; phase++) {
            size += GemmPackedA.size(GemmTile.DEFAULT, g.inChannels(), Math.max(1, phaseDepth(layout, phase)));
        }
        float[] storage = ConvScratch.get().packed(size);
        int at = 0;
        for (int phase = 0; phase < phases; phase++) {
            int depth = phaseDepth(layout, phase);
            if (depth > 0) {
                int rh = phase / layout.cols.stride();
                int rw = phase % layout.cols.stride();
                packed[phase] = GemmPackedA.pack(false, g.inChannels(), depth, phaseWeights,
                        layout.weightOffset(rh, rw), depth, storage, at);
                at += GemmPackedA.size(GemmTile.DEFAULT, g.inChannels(), depth);
            }
        }
        return packed;
    }

    private static int phaseDepth(Layout layout, int phase) {
        int rh = phase / layout.cols.stride();
        int rw = phase % layout.cols.stride();
        return layout.g.outChannels() * layout.rows.taps(rh) * layout.cols.taps(rw);
    }

    private static float[] phaseWeights(ConvGeometry g, Layout layout, float[] w) {
        ConvSpec s = g.spec();
        int cIn = g.inChannels();
        int cOut = g.outChannels();
        int window = s.kernelH() * s.kernelW();
        int phases = layout.rows.stride() * layout.cols.stride();
        int[] at = new int[phases];
        int[] taps = new int[phases];
        // kernel tap (kh, kw) is tap (th, tw) of phase ((kh + pH) mod sH, (kw + pW) mod sW)
        int[] phaseOf = new int[window];
        int[] tapOf = new int[window];
        for (int phase = 0; phase < phases; phase++) {
            int rh = phase / layout.cols.stride();
            int rw = phase % layout.cols.stride();
            int tapsW = layout.cols.taps(rw);
            at[phase] = layout.weightOffset(rh, rw);
            taps[phase] = layout.rows.taps(rh) * tapsW;
            for (int t = 0; t < taps[phase]; t++) {
                int kh = layout.rows.firstTap(rh) + t / tapsW * s.strideH();
                int kw = layout.cols.firstTap(rw) + t % tapsW * s.strideW();
                phaseOf[kh * s.kernelW() + kw] = phase;
                tapOf[kh * s.kernelW() + kw] = t;
            }
        }
        float[] packed = ConvScratch.get().weights(cIn * cOut * window);
        Parallel.forRange(cOut, Grain.units(Grain.CHEAP, cIn * window), (c0, c1) -> {
            for (int co = c0; co < c1; co++) {
                for (int ci = 0; ci < cIn; ci++) {
                    // w read in order (measured faster than writing each phase's rows in order)
                    int src = (co * cIn + ci) * window;
                    int row = ci * cOut + co;
                    for (int k = 0; k < window; k++) {
                        int phase = phaseOf[k];
                        packed[at[phase] + row * taps[phase] + tapOf[k]] = w[src + k];
                    }
                }
            }
        });
        return packed;
    }

    /**
     * One spatial axis of the convolution: stride, kernel, padding, input (dx) size and
     * output (dy) size, and its phases r in [0, stride).
     */
    private record Axis(int stride, int kernel, int pad, int in, int out) {
        /** The first kernel tap phase r receives. */
        int firstTap(int r) {
            return (r + pad) % stride;
        }

        /** How many kernel taps phase r receives. */
        int taps(int r) {
            int f = firstTap(r);
            return f < kernel ? (kernel - f + stride - 1) / stride : 0;
        }

        /** Output position of tap 0 at phase position 0: tap t of position a reads a + lead - t. */
        int lead(int r) {
            return (r + pad) / stride;
        }

        /** Input positions in phase r. */
        int size(int r) {
            return r < in ? (in - r + stride - 1) / stride : 0;
        }

        int maxSize() {
            return size(0);
        }

        private boolean live(int r) {
            return taps(r) > 0 && size(r) > 0;
        }

        /** Smallest shift a live phase reads at (0 when none is live). */
        int lowShift() {
            int low = Integer.MAX_VALUE;
            for (int r = 0; r < stride; r++) {
                if (live(r)) {
                    low = Math.min(low, lead(r) - taps(r) + 1);
                }
            }
            return low == Integer.MAX_VALUE ? 0 : low;
        }

        /** Largest shift a live phase reads at (0 when none is live). */
        int highShift() {
            int high = Integer.MIN_VALUE;
            for (int r = 0; r < stride; r++) {
                if (live(r)) {
                    high = Math.max(high, lead(r));
                }
            }
            return high == Integer.MIN_VALUE ? 0 : high;
        }
    }

    /**
     * Where the staging puts dy: cell (uH, uW) holds dy at (uH + lowH, uW + lowW). Rows are
     * {@code width} cells wide, enough for every phase position plus its largest shift
     * (reads past a row's end land in the next row's leading zeros), and a channel plane has
     * {@code cells} cells: the rows any phase reads and one spare row of zeros after them.
     */
    private static final class Layout {
        final ConvGeometry g;
        final Axis rows;
        final Axis cols;
        final int lowH;
        final int lowW;
        final int width;
        final int stagedRows;
        final int cells;
        final int group;

        Layout(ConvGeometry g) {
            this.g = g;
            ConvSpec s = g.spec();
            rows = new Axis(s.strideH(), s.kernelH(), s.padH(), g.inH(), g.outH());
            cols = new Axis(s.strideW(), s.kernelW(), s.padW(), g.inW(), g.outW());
            lowH = rows.lowShift();
            lowW = cols.lowShift();
            int highH = rows.highShift();
            int highW = cols.highShift();
            width = Math.max(1, Math.max(g.outW() - Math.min(lowW, 0), cols.maxSize() + highW - Math.max(lowW, 0)));
            stagedRows = Math.max(0, rows.maxSize() + highH - lowH);
            cells = (stagedRows + 1) * width;
            int perImage = Math.max(1, rows.maxSize() * cols.maxSize());
            group = Math.max(1, Math.min(g.images(), (GROUP_COLUMNS + perImage - 1) / perImage));
        }

        /** Where phase (rh, rw)'s weight matrix starts in the packed weights. */
        int weightOffset(int rh, int rw) {
            int offset = 0;
            for (int h = 0; h < rows.stride(); h++) {
                for (int v = 0; v < cols.stride(); v++) {
                    if (h == rh && v == rw) {
                        return offset;
                    }
                    offset += g.inChannels() * g.outChannels() * rows.taps(h) * cols.taps(v);
                }
            }
            return offset;
        }
    }
}
