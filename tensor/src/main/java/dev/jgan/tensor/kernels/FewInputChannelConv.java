package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Vectors;
import java.util.Arrays;

/**
 * The forward pass of a strided convolution with few input channels (an image's 1 or 3, or the
 * input gradient of a transposed convolution that makes images), computed directly on the input's
 * phase planes with vectors along the output positions. Along each axis, tap k reads input position
 * {@code s o - p + k = s (o + q) + r}: position {@code o + q} of phase plane r. So a run of output
 * positions of one output row reads, for each tap, one contiguous run of one staged phase plane, and
 * y[co, run] = b[co] + sum over taps t of w[co, t] plane_t[run + shift_t]: weights broadcast, planes
 * loaded as vectors ({@link FewInputChannelKernels}). Nothing is lowered: im2col would write, and the
 * GEMM's packing copy again, Cin kH kW values per output position.
 *
 * <p>Each output value is one sum in tap order, whatever thread computes it; threads split the batch.
 */
final class FewInputChannelConv {
    /**
     * Fewest taps (input channels x kernel taps) worth this path. Measured on 2 threads: 3 x 4 x 4 = 48
     * beats the lowered GEMM by 1.4x. With 1 x 4 x 4 = 16 the output's stores weigh more than the
     * multiply-adds, and which path wins depends on the output channels (Zen 5, bench/ab, 2 threads): 64
     * (mnist-d1's forward) 1.75x, 1.05x and 1.79x faster here in three runs (1.11x on one thread), 128
     * (mnist-g3's backward to the input) 0.7x. Both layers now go to {@link TapPlaneConv}.
     */
    private static final int MIN_TAPS = 32;
    /** Fewest taps with at most {@link #FEW_OUTPUT_CHANNELS} output channels. */
    private static final int MIN_TAPS_FEW_OUTPUTS = 16;
    private static final int FEW_OUTPUT_CHANNELS = 64;

    private FewInputChannelConv() {}

    /**
     * Whether {@link #forward} takes the convolution: strided, undilated, fewer input channels than
     * the channels-last paths take but enough taps, a full tile of output channels and of runs, and an
     * image for every thread. Measured with 16-float vectors only; with narrower ones the lowered GEMM stays.
     */
    static boolean handles(ConvGeometry g) {
        return ChannelsLastConv.ENABLED && Vectors.LANES >= 16 && g.stridedPhases()
                && g.inChannels() < ChannelsLastConv.MIN_CHANNELS
                && (g.patch() >= MIN_TAPS
                        || g.patch() >= MIN_TAPS_FEW_OUTPUTS && g.outChannels() <= FEW_OUTPUT_CHANNELS)
                && g.outChannels() >= FewInputChannelKernels.CHANNELS
                && g.outH() * Math.ceilDiv(g.outW(), Vectors.LANES) >= FewInputChannelKernels.RUNS
                && g.images() >= Parallel.threads();
    }

    /** y = conv(x, w) + bias (bias may be null), overwriting y. */
    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        // y[co, o] = b[co] + sum over taps t = (ci, kh, kw) of w[co, t] x_phase(ci, rH(kh), rW(kw))[o + q(kh, kw)]
        Layout layout = new Layout(g);
        ConvPlan.forEachPart(g.images(), ConvPlan.imageParts(g),
                (part, from, to) -> images(layout, x, w, bias, y, from, to));
    }

    /**
     * Images [from, to), one at a time: stage its phase planes, then for each block of output channels
     * every tile of runs, so the image's output is written front to back. A last block of channels or
     * of runs that would be partial starts early instead, overlapping the one before: it recomputes
     * some outputs with the same sums in the same order and stores the same bits again, rather than
     * falling back to a narrower kernel that holds too few accumulators to keep the FMA units busy.
     */
    private static void images(Layout layout, float[] x, float[] w, float[] bias, float[] y, int from, int to) {
        ConvGeometry g = layout.g;
        int cOut = g.outChannels();
        int plane = g.outPlane();
        int k = g.patch();
        int runs = layout.runStaged.length;
        int[] at = layout.runStaged;
        int[] out = layout.runOut;
        int[] lanes = layout.runLanes;
        float[] tails = new float[FewInputChannelKernels.CHANNELS * FewInputChannelKernels.RUNS * Vectors.LANES];
        float[] staged = ConvScratch.get().staging(layout.imageSize);
        for (int image = from; image < to; image++) {
            layout.stage(x, image, staged);
            int base = image * cOut * plane;
            if (plane < CacheLines.SHORT_PLANE) {
                // the tiles write several short planes at once; out of cache, each of their lines was a miss
                // waited for (DCGAN-MNIST's first D layer in a training step: 0.53 -> 0.40 ms)
                CacheLines.readInOrder(y, base, cOut * plane);
            }
            for (int c = 0; c < cOut; c += FewInputChannelKernels.CHANNELS) {
                int co = Math.min(c, cOut - FewInputChannelKernels.CHANNELS);
                for (int j = 0; j < runs; j += FewInputChannelKernels.RUNS) {
                    int j0 = Math.min(j, runs - FewInputChannelKernels.RUNS);
                    FewInputChannelKernels.tile(staged, layout.taps, k, at, j0, w, bias, co, y, base, out, plane, lanes,
                            tails);
                    FewInputChannelKernels.copyTails(tails, j0, co, y, base, out, plane, lanes);
                }
            }
        }
    }

    /**
     * Where the staging puts each image's phase planes, and the runs of output positions. Plane
     * (ci, rH, rW) cell (u, v) holds input position (s (u + lowH) + rH, s (v + lowW) + rW), zero
     * outside the input. A plane's rows are wide enough for a whole vector at each run's start plus the
     * largest shift, so the lanes past an output row's end read staged values, never past the image.
     * A run is one vector of consecutive output positions of one output row.
     */
    private static final class Layout {
        final ConvGeometry g;
        final int rowWidth;
        final int planeRows;
        final int planeSize;
        final int imageSize;
        /** Per tap (ci, kh, kw): its staged offset from a run's start. */
        final int[] taps;
        /** Per run: its start in the image's staging and in the image's output plane. */
        final int[] runStaged;
        final int[] runOut;
        /**
         * Per run: how many lanes to store. A run ending before its row does stores whole anyway, as
         * long as the vector stays in the output plane: the extra lanes land on positions of the same
         * plane that later runs, stored after it, overwrite. Partial stores go through a copy.
         */
        final int[] runLanes;

        Layout(ConvGeometry g) {
            this.g = g;
            ConvSpec s = g.spec();
            int lanes = Vectors.LANES;
            int vectorsPerRow = (g.outW() + lanes - 1) / lanes;
            rowWidth = vectorsPerRow * lanes + g.highShiftW() - g.lowShiftW();
            planeRows = g.outH() + g.highShiftH() - g.lowShiftH();
            planeSize = planeRows * rowWidth;
            imageSize = g.inChannels() * s.strideH() * s.strideW() * planeSize;
            taps = new int[g.patch()];
            for (int ci = 0, t = 0; ci < g.inChannels(); ci++) {
                for (int kh = 0; kh < s.kernelH(); kh++) {
                    for (int kw = 0; kw < s.kernelW(); kw++, t++) {
                        int plane = (ci * s.strideH() + Math.floorMod(kh - s.padH(), s.strideH())) * s.strideW()
                                + Math.floorMod(kw - s.padW(), s.strideW());
                        taps[t] = plane * planeSize
                                + (Math.floorDiv(kh - s.padH(), s.strideH()) - g.lowShiftH()) * rowWidth
                                + Math.floorDiv(kw - s.padW(), s.strideW()) - g.lowShiftW();
                    }
                }
            }
            int runs = g.outH() * vectorsPerRow;
            runStaged = new int[runs];
            runOut = new int[runs];
            runLanes = new int[runs];
            for (int oh = 0, run = 0; oh < g.outH(); oh++) {
                for (int ow = 0; ow < g.outW(); ow += lanes, run++) {
                    runStaged[run] = oh * rowWidth + ow;
                    runOut[run] = oh * g.outW() + ow;
                    runLanes[run] = Math.min(lanes, g.outPlane() - runOut[run]);
                }
            }
        }

        /** The phase planes of {@code image} into staged. */
        void stage(float[] x, int image, float[] staged) {
            ConvSpec s = g.spec();
            int sH = s.strideH();
            int sW = s.strideW();
            for (int ci = 0; ci < g.inChannels(); ci++) {
                int src = (image * g.inChannels() + ci) * g.inPlane();
                for (int rH = 0; rH < sH; rH++) {
                    for (int rW = 0; rW < sW; rW++) {
                        int plane = ((ci * sH + rH) * sW + rW) * planeSize;
                        // cell v holds input column sW (v + lowW) + rW: the columns inside the input are [v0, v1)
                        int v0 = Math.min(rowWidth, Math.max(0, Math.ceilDiv(-rW, sW) - g.lowShiftW()));
                        int v1 = Math.max(v0, Math.min(rowWidth, Math.ceilDiv(g.inW() - rW, sW) - g.lowShiftW()));
                        for (int u = 0; u < planeRows; u++) {
                            int row = plane + u * rowWidth;
                            int ih = sH * (u + g.lowShiftH()) + rH;
                            if (ih < 0 || ih >= g.inH()) {
                                Arrays.fill(staged, row, row + rowWidth, 0f);
                                continue;
                            }
                            Arrays.fill(staged, row, row + v0, 0f);
                            int from = src + ih * g.inW() + sW * (v0 + g.lowShiftW()) + rW;
                            for (int v = v0; v < v1; v++, from += sW) {
                                staged[row + v] = x[from];
                            }
                            Arrays.fill(staged, row + v1, row + rowWidth, 0f);
                        }
                    }
                }
            }
        }
    }
}
