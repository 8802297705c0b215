package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Vectors;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The forward pass of a convolution with few input channels whose output rows are not a whole
 * number of vectors (DCGAN-MNIST's first D layer: 14 positions a row), with runs of 16 consecutive
 * output positions that cross rows. Each image is first laid out as one plane per kernel tap t = (ci,
 * kh, kw), holding at output position o the input value tap t of o reads (its im2col matrix, taps by
 * positions), so a run reads one vector per tap wherever it starts:
 * y[co, run] = b[co] + sum over t of w[co, t] taps_t[run], weights broadcast ({@link TapPlaneKernels}).
 * A plane's last run starts at P - 16, overlapping the one before: it recomputes those outputs with the
 * same sums in the same order and stores the same bits again, and no run leaves its plane.
 * {@link FewInputChannelConv} keeps runs inside a row: with rows of 14 it computes 16 lanes for 14.
 *
 * <p>A tap plane row is a run of one input row every sW-th column, loaded as whole vectors from a
 * zero-padded copy of the image and, for stride 2, its even lanes picked by one two-vector permute.
 * Each output value is one sum in tap order, whatever thread computes it; threads split the batch.
 */
final class TapPlaneConv {
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();
    /** Lane i = 2 i: the even lanes of two vectors side by side, the first vector's first. */
    private static final FloatVector EVEN_LANES = evenLanes();

    private TapPlaneConv() {}

    /**
     * Whether {@link #forward} takes the convolution: few input channels and enough output channels,
     * stride 1 or 2 and no dilation along W, output rows that are not whole vectors, and planes of at
     * least one tile of runs; with 16-float vectors. Measured (bench/ab, 2 threads, Zen 5): 1.23x
     * {@link FewInputChannelConv} on DCGAN-MNIST's first D layer (1 -> 64, 14x14 outputs), 1.08x the
     * lowered GEMM on its last G layer's input gradient (1 -> 128).
     */
    static boolean handles(ConvGeometry g) {
        ConvSpec s = g.spec();
        return ChannelsLastConv.ENABLED && Vectors.LANES == 16 && fits(g)
                && g.inChannels() < ChannelsLastConv.MIN_CHANNELS && g.outChannels() >= ChannelsLastConv.MIN_CHANNELS
                && g.outW() % L != 0;
    }

    /** Whether {@link #forward} computes the convolution: stride 1 or 2 and no dilation along W, planes of a tile of runs. */
    static boolean fits(ConvGeometry g) {
        ConvSpec s = g.spec();
        return (s.strideW() == 1 || s.strideW() == 2) && s.dilationW() == 1
                && Math.ceilDiv(g.outPlane(), L) >= TapPlaneKernels.RUNS
                && g.outChannels() >= TapPlaneKernels.CHANNELS && g.images() > 0;
    }

    /** y = conv(x, w) + bias (bias may be null), overwriting y. */
    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        // y[co, o] = b[co] + sum over t = (ci, kh, kw) of w[co, t] taps_t[o]
        Layout layout = new Layout(g);
        ConvPlan.forEachPart(g.images(), ConvPlan.imageParts(g), (part, from, to) -> images(layout, x, w, bias, y, from, to));
    }

    /** Images [from, to), one at a time: its tap planes, then for each pair of output channels every tile of runs. */
    private static void images(Layout layout, float[] x, float[] w, float[] bias, float[] y, int from, int to) {
        ConvGeometry g = layout.g;
        int cOut = g.outChannels();
        int plane = g.outPlane();
        int runs = layout.starts.length;
        ConvScratch scratch = ConvScratch.get();
        float[] padded = scratch.channelsLast(layout.paddedSize());
        float[] taps = scratch.tile(layout.tapsSize());
        for (int image = from; image < to; image++) {
            layout.pad(x, image, padded);
            layout.taps(padded, taps);
            int base = image * cOut * plane;
            if (plane < CacheLines.SHORT_PLANE) {
                // two short planes written side by side: out of cache, each of their lines was a miss waited for
                CacheLines.readInOrder(y, base, cOut * plane);
            }
            for (int c = 0; c < cOut; c += TapPlaneKernels.CHANNELS) {
                int co = Math.min(c, cOut - TapPlaneKernels.CHANNELS);
                for (int j = 0; j < runs; j += TapPlaneKernels.RUNS) {
                    TapPlaneKernels.tile(taps, layout.stride, g.patch(), layout.starts,
                            Math.min(j, runs - TapPlaneKernels.RUNS), w, bias, co, y, base + co * plane, plane);
                }
            }
        }
    }

    /** The padded copy of an image, its tap planes, and where each run starts. */
    private static final class Layout {
        final ConvGeometry g;
        /** Rows and columns of a padded input plane: every window, and a vector pair's room to the right. */
        final int paddedH;
        final int paddedW;
        /** Floats from one tap plane to the next: the plane and a vector for the last row's store. */
        final int stride;
        /** Run j's first output position: j L, or P - L for a last run that would leave the plane. */
        final int[] starts;
        /** The columns of an output row where its vectors start: whole vectors, the last one ending at the row's end. */
        final int[] rowStarts;

        Layout(ConvGeometry g) {
            this.g = g;
            ConvSpec s = g.spec();
            paddedH = (g.outH() - 1) * s.strideH() + (s.kernelH() - 1) * s.dilationH() + 1;
            paddedW = s.kernelW() + s.strideW() * g.outW() + 2 * L;
            int plane = g.outPlane();
            stride = plane + L;
            starts = new int[Math.ceilDiv(plane, L)];
            for (int j = 0; j < starts.length; j++) {
                starts[j] = Math.min(j * L, plane - L);
            }
            rowStarts = new int[Math.ceilDiv(g.outW(), L)];
            for (int j = 0; j < rowStarts.length; j++) {
                rowStarts[j] = g.outW() <= L ? 0 : Math.min(j * L, g.outW() - L);
            }
        }

        int paddedSize() {
            return g.inChannels() * paddedH * paddedW + 2 * L;
        }

        int tapsSize() {
            return g.patch() * stride;
        }

        /** Image {@code image} of x into padded, its planes with the padding written out as zeros. */
        void pad(float[] x, int image, float[] padded) {
            ConvSpec s = g.spec();
            Arrays.fill(padded, 0, g.inChannels() * paddedH * paddedW, 0f);
            int columns = Math.min(g.inW(), paddedW - s.padW());
            for (int ci = 0; ci < g.inChannels(); ci++) {
                int src = (image * g.inChannels() + ci) * g.inPlane();
                int dst = ci * paddedH * paddedW;
                for (int ih = 0; ih < g.inH() && ih + s.padH() < paddedH; ih++) {
                    System.arraycopy(x, src + ih * g.inW(), padded, dst + (ih + s.padH()) * paddedW + s.padW(), columns);
                }
            }
        }

        /**
         * The tap planes of the padded image into taps: row oh of plane (ci, kh, kw) is padded row
         * oh sH + kh dH of channel ci from column kw, every sW-th value. Rows are stored as whole vectors
         * in ascending order: lanes past a row narrower than a vector land on the next row, which
         * overwrites them (a wider row's last vector ends at the row's end).
         */
        void taps(float[] padded, float[] taps) {
            ConvSpec s = g.spec();
            // geometry in locals: read from the fields inside the loops, it cost more than the copies
            int strideH = s.strideH();
            int strideW = s.strideW();
            int rowStep = strideH * paddedW;
            int outH = g.outH();
            int outW = g.outW();
            int[] columns = rowStarts;
            FloatVector even = EVEN_LANES;
            for (int ci = 0, t = 0; ci < g.inChannels(); ci++) {
                for (int kh = 0; kh < s.kernelH(); kh++) {
                    for (int kw = 0; kw < s.kernelW(); kw++, t++) {
                        for (int ow : columns) {
                            int to = t * stride + ow;
                            int from = (ci * paddedH + kh * s.dilationH()) * paddedW + kw + strideW * ow;
                            for (int oh = 0; oh < outH; oh++, from += rowStep, to += outW) {
                                FloatVector v = FloatVector.fromArray(S, padded, from);
                                if (strideW == 2) {
                                    v = even.selectFrom(v, FloatVector.fromArray(S, padded, from + L));
                                }
                                v.intoArray(taps, to);
                            }
                        }
                    }
                }
            }
        }
    }

    private static FloatVector evenLanes() {
        float[] lanes = new float[L];
        for (int i = 0; i < L; i++) {
            lanes[i] = 2 * i;
        }
        return FloatVector.fromArray(S, lanes, 0);
    }
}
