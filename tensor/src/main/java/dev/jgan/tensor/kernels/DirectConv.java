package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Vectors;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Stride-1 convolution passes computed directly, without lowering, for layers whose GEMM
 * would waste its register tile: a forward pass with at most {@link #MAX_CHANNELS} output
 * channels, and a backward pass to the input with at most that many output channels (a
 * GEMM depth too shallow to pay for the column matrix).
 *
 * <p>Both are "out[o] = bias[o] + sum over i and taps t of wt(o, i, t) in[i] shifted by
 * tap t": each output row is a weighted sum of shifted input rows, computed four output
 * channels by up to four vectors of the row at a time in registers (a block of exactly three
 * channels, an RGB output, by five vectors, so no accumulator is spent on a missing fourth). Columns whose window
 * hangs over the padding are done one by one at the ends of each row. Every output sees
 * the same operations in the same order whatever the thread count.
 */
final class DirectConv {
    /** Most channels on the narrow side of a pass this class takes. */
    static final int MAX_CHANNELS = Integer.getInteger("jgan.conv.direct", 4);
    private static final int BLOCK = 4;
    /** Input channels summed per sweep of a row. */
    private static final int INPUT_BLOCK = 4;
    /** Most output rows whose sums take each input channel block before the next block. */
    private static final int MAX_BAND = 32;
    /** Bands each thread should have at least, so that uneven planes still share the work out. */
    private static final int BANDS_PER_THREAD = 4;
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();

    private DirectConv() {}

    /** Whether {@link #forward} and {@link #backwardInput} take this convolution: stride 1, few output channels. */
    static boolean handles(ConvGeometry g) {
        return g.spec().strideH() == 1 && g.spec().strideW() == 1 && g.outChannels() <= MAX_CHANNELS
                && !g.wholeImageWindow() && g.images() > 0;
    }

    /** y = conv(x, w) + bias, bias may be null. */
    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        // y[co, oh, ow] = b[co] + sum over ci, ki, kj of w[co, ci, ki, kj] x[ci, oh + ki d - p, ow + kj d - p]
        ConvSpec s = g.spec();
        int taps = s.kernelH() * s.kernelW();
        int[] tapH = new int[taps];
        int[] tapW = new int[taps];
        for (int t = 0; t < taps; t++) {
            tapH[t] = t / s.kernelW() * s.dilationH() - s.padH();
            tapW[t] = t % s.kernelW() * s.dilationW() - s.padW();
        }
        float[] packed = pack(w, g.outChannels(), g.inChannels(), taps, false);
        run(new Pass(g.images(), g.inChannels(), g.inH(), g.inW(), g.outChannels(), g.outH(), g.outW(),
                tapH, tapW, packed), x, bias, y);
    }

    /** dx = conv^T(dy, w) + bias (the input gradient of {@link #forward}; bias may be null). */
    static void backwardInput(ConvGeometry g, float[] dy, float[] w, float[] bias, float[] dx) {
        // y = conv(x, w)  =>  dx[ci, ih, iw] = sum over co, ki, kj of w[co, ci, ki, kj] dy[co, ih + p - ki d, iw + p - kj d]
        ConvSpec s = g.spec();
        int taps = s.kernelH() * s.kernelW();
        int[] tapH = new int[taps];
        int[] tapW = new int[taps];
        for (int t = 0; t < taps; t++) {
            tapH[t] = s.padH() - t / s.kernelW() * s.dilationH();
            tapW[t] = s.padW() - t % s.kernelW() * s.dilationW();
        }
        float[] packed = pack(w, g.inChannels(), g.outChannels(), taps, true);
        run(new Pass(g.images(), g.outChannels(), g.outH(), g.outW(), g.inChannels(), g.inH(), g.inW(),
                tapH, tapW, packed), dy, bias, dx);
    }

    /**
     * Weights as [output block][input channel][tap][4] in the calling thread's scratch, zero
     * for channels past the last:
     * from w [O, I, taps] as stored, or from w [I, O, taps] when {@code swapped}.
     */
    private static float[] pack(float[] w, int outChannels, int inChannels, int taps, boolean swapped) {
        int blocks = (outChannels + BLOCK - 1) / BLOCK;
        float[] packed = ConvScratch.get().weights(blocks * inChannels * taps * BLOCK);
        for (int o = 0; o < outChannels; o++) {
            for (int i = 0; i < inChannels; i++) {
                int from = (swapped ? i * outChannels + o : o * inChannels + i) * taps;
                int to = ((o / BLOCK * inChannels + i) * taps) * BLOCK + o % BLOCK;
                for (int t = 0; t < taps; t++) {
                    packed[to + t * BLOCK] = w[from + t];
                }
            }
        }
        return packed;
    }

    /** One direct pass: out [images, outChannels, outH, outW] from in [images, inChannels, inH, inW]. */
    private record Pass(int images, int inChannels, int inH, int inW, int outChannels, int outH, int outW,
                        int[] tapH, int[] tapW, float[] packed) {
        int blocks() {
            return (outChannels + BLOCK - 1) / BLOCK;
        }

        /** First output column whose every tap lies inside the input row. */
        int interiorFrom() {
            int from = 0;
            for (int t : tapW) {
                from = Math.max(from, -t);
            }
            return Math.min(from, outW);
        }

        /** End of the interior columns. */
        int interiorTo() {
            int to = outW;
            for (int t : tapW) {
                to = Math.min(to, inW - t);
            }
            return Math.max(to, interiorFrom());
        }
    }

    private static void run(Pass p, float[] in, float[] bias, float[] out) {
        int planes = p.images() * p.blocks();
        int wanted = (BANDS_PER_THREAD * Parallel.threads() + planes - 1) / planes;
        int band = Math.max(1, Math.min(MAX_BAND, (p.outH() + wanted - 1) / wanted));
        int bands = (p.outH() + band - 1) / band;
        int units = planes * bands;
        long flopsPerUnit = 2L * BLOCK * p.inChannels() * p.tapH().length * p.outW() * band;
        Parallel.forRange(units, ConvPlan.minUnits(flopsPerUnit), (u0, u1) -> {
            int[] at = new int[BLOCK];
            for (int u = u0; u < u1; u++) {
                int b = u % bands;
                int block = u / bands % p.blocks();
                int image = u / bands / p.blocks();
                band(p, in, bias, out, image, block, b * band, Math.min(p.outH(), (b + 1) * band), at);
            }
        });
    }

    /**
     * Output rows [oh0, oh1) of channels [4 block, 4 block + 4) of one image. The rows' sums live in
     * out, started at the bias just before their first sweep; each sweep adds a few input channels, and
     * every row of the band takes one block of input channels before the next block: channel planes of
     * power-of-two size share cache sets, so rows of many channels do not stay cached together, and
     * a band reads each input row of a block from memory once instead of once per kernel row.
     */
    private static void band(Pass p, float[] in, float[] bias, float[] out, int image, int block, int oh0, int oh1,
                             int[] at) {
        int from = p.interiorFrom();
        int to = p.interiorTo();
        int o = block * BLOCK;
        int last = Math.min(BLOCK, p.outChannels() - o) - 1;
        for (int i0 = 0; i0 < p.inChannels(); i0 += INPUT_BLOCK) {
            int i1 = Math.min(p.inChannels(), i0 + INPUT_BLOCK);
            for (int oh = oh0; oh < oh1; oh++) {
                for (int c = 0; c < BLOCK; c++) {
                    at[c] = ((image * p.outChannels() + o + Math.min(c, last)) * p.outH() + oh) * p.outW();
                    if (i0 == 0 && c <= last) {
                        Arrays.fill(out, at[c], at[c] + p.outW(), bias == null ? 0f : bias[o + c]);
                    }
                }
                int ow = from;
                for (; last == 2 && ow + 5 * L <= to; ow += 5 * L) {
                    threeChannels(p, in, out, at, image, block, oh, ow, i0, i1);
                }
                for (; ow + 4 * L <= to; ow += 4 * L) {
                    fourVectors(p, in, out, at, last, image, block, oh, ow, i0, i1);
                }
                for (; ow < to; ow += L) {
                    oneVector(p, in, out, at, last, image, block, oh, ow, i0, i1, to);
                }
                for (int c = 0; c < from; c++) {
                    edgeColumn(p, in, out, at, last, image, block, oh, c, i0, i1);
                }
                for (int c = to; c < p.outW(); c++) {
                    edgeColumn(p, in, out, at, last, image, block, oh, c, i0, i1);
                }
            }
        }
    }

    /**
     * Adds input channels [i0, i1) into four vectors of the row at ow for the block's four
     * channels, whose rows start at at[c] (channels past {@code last} repeat the last one's
     * row and are not stored).
     */
    private static void fourVectors(Pass p, float[] in, float[] out, int[] at, int last, int image, int block,
                                    int oh, int ow, int i0, int i1) {
        int r0 = at[0] + ow;
        int r1 = at[1] + ow;
        int r2 = at[2] + ow;
        int r3 = at[3] + ow;
        FloatVector a00 = FloatVector.fromArray(S, out, r0);
        FloatVector a01 = FloatVector.fromArray(S, out, r0 + L);
        FloatVector a02 = FloatVector.fromArray(S, out, r0 + 2 * L);
        FloatVector a03 = FloatVector.fromArray(S, out, r0 + 3 * L);
        FloatVector a10 = FloatVector.fromArray(S, out, r1);
        FloatVector a11 = FloatVector.fromArray(S, out, r1 + L);
        FloatVector a12 = FloatVector.fromArray(S, out, r1 + 2 * L);
        FloatVector a13 = FloatVector.fromArray(S, out, r1 + 3 * L);
        FloatVector a20 = FloatVector.fromArray(S, out, r2);
        FloatVector a21 = FloatVector.fromArray(S, out, r2 + L);
        FloatVector a22 = FloatVector.fromArray(S, out, r2 + 2 * L);
        FloatVector a23 = FloatVector.fromArray(S, out, r2 + 3 * L);
        FloatVector a30 = FloatVector.fromArray(S, out, r3);
        FloatVector a31 = FloatVector.fromArray(S, out, r3 + L);
        FloatVector a32 = FloatVector.fromArray(S, out, r3 + 2 * L);
        FloatVector a33 = FloatVector.fromArray(S, out, r3 + 3 * L);
        int taps = p.tapH().length;
        int inPlane = p.inH() * p.inW();
        float[] wp = p.packed();
        for (int i = i0; i < i1; i++) {
            int channel = (image * p.inChannels() + i) * inPlane;
            int wAt = (block * p.inChannels() + i) * taps * BLOCK;
            for (int t = 0; t < taps; t++, wAt += BLOCK) {
                int ih = oh + p.tapH()[t];
                if (ih < 0 || ih >= p.inH()) {
                    continue;
                }
                int src = channel + ih * p.inW() + ow + p.tapW()[t];
                FloatVector x0 = FloatVector.fromArray(S, in, src);
                FloatVector x1 = FloatVector.fromArray(S, in, src + L);
                FloatVector x2 = FloatVector.fromArray(S, in, src + 2 * L);
                FloatVector x3 = FloatVector.fromArray(S, in, src + 3 * L);
                FloatVector w0 = FloatVector.broadcast(S, wp[wAt]);
                a00 = x0.fma(w0, a00);
                a01 = x1.fma(w0, a01);
                a02 = x2.fma(w0, a02);
                a03 = x3.fma(w0, a03);
                FloatVector w1 = FloatVector.broadcast(S, wp[wAt + 1]);
                a10 = x0.fma(w1, a10);
                a11 = x1.fma(w1, a11);
                a12 = x2.fma(w1, a12);
                a13 = x3.fma(w1, a13);
                FloatVector w2 = FloatVector.broadcast(S, wp[wAt + 2]);
                a20 = x0.fma(w2, a20);
                a21 = x1.fma(w2, a21);
                a22 = x2.fma(w2, a22);
                a23 = x3.fma(w2, a23);
                FloatVector w3 = FloatVector.broadcast(S, wp[wAt + 3]);
                a30 = x0.fma(w3, a30);
                a31 = x1.fma(w3, a31);
                a32 = x2.fma(w3, a32);
                a33 = x3.fma(w3, a33);
            }
        }
        a00.intoArray(out, r0);
        a01.intoArray(out, r0 + L);
        a02.intoArray(out, r0 + 2 * L);
        a03.intoArray(out, r0 + 3 * L);
        if (last >= 1) {
            a10.intoArray(out, r1);
            a11.intoArray(out, r1 + L);
            a12.intoArray(out, r1 + 2 * L);
            a13.intoArray(out, r1 + 3 * L);
        }
        if (last >= 2) {
            a20.intoArray(out, r2);
            a21.intoArray(out, r2 + L);
            a22.intoArray(out, r2 + 2 * L);
            a23.intoArray(out, r2 + 3 * L);
        }
        if (last >= 3) {
            a30.intoArray(out, r3);
            a31.intoArray(out, r3 + L);
            a32.intoArray(out, r3 + 2 * L);
            a33.intoArray(out, r3 + 3 * L);
        }
    }

    /**
     * The same for a block of exactly three channels (an RGB output) over five vectors of the row at
     * ow: 15 accumulators, none spent on a fourth channel.
     */
    private static void threeChannels(Pass p, float[] in, float[] out, int[] at, int image, int block, int oh,
                                      int ow, int i0, int i1) {
        int r0 = at[0] + ow;
        int r1 = at[1] + ow;
        int r2 = at[2] + ow;
        FloatVector a00 = FloatVector.fromArray(S, out, r0);
        FloatVector a01 = FloatVector.fromArray(S, out, r0 + L);
        FloatVector a02 = FloatVector.fromArray(S, out, r0 + 2 * L);
        FloatVector a03 = FloatVector.fromArray(S, out, r0 + 3 * L);
        FloatVector a04 = FloatVector.fromArray(S, out, r0 + 4 * L);
        FloatVector a10 = FloatVector.fromArray(S, out, r1);
        FloatVector a11 = FloatVector.fromArray(S, out, r1 + L);
        FloatVector a12 = FloatVector.fromArray(S, out, r1 + 2 * L);
        FloatVector a13 = FloatVector.fromArray(S, out, r1 + 3 * L);
        FloatVector a14 = FloatVector.fromArray(S, out, r1 + 4 * L);
        FloatVector a20 = FloatVector.fromArray(S, out, r2);
        FloatVector a21 = FloatVector.fromArray(S, out, r2 + L);
        FloatVector a22 = FloatVector.fromArray(S, out, r2 + 2 * L);
        FloatVector a23 = FloatVector.fromArray(S, out, r2 + 3 * L);
        FloatVector a24 = FloatVector.fromArray(S, out, r2 + 4 * L);
        int taps = p.tapH().length;
        int inPlane = p.inH() * p.inW();
        float[] wp = p.packed();
        for (int i = i0; i < i1; i++) {
            int channel = (image * p.inChannels() + i) * inPlane;
            int wAt = (block * p.inChannels() + i) * taps * BLOCK;
            for (int t = 0; t < taps; t++, wAt += BLOCK) {
                int ih = oh + p.tapH()[t];
                if (ih < 0 || ih >= p.inH()) {
                    continue;
                }
                int src = channel + ih * p.inW() + ow + p.tapW()[t];
                FloatVector x0 = FloatVector.fromArray(S, in, src);
                FloatVector x1 = FloatVector.fromArray(S, in, src + L);
                FloatVector x2 = FloatVector.fromArray(S, in, src + 2 * L);
                FloatVector x3 = FloatVector.fromArray(S, in, src + 3 * L);
                FloatVector x4 = FloatVector.fromArray(S, in, src + 4 * L);
                FloatVector w0 = FloatVector.broadcast(S, wp[wAt]);
                a00 = x0.fma(w0, a00);
                a01 = x1.fma(w0, a01);
                a02 = x2.fma(w0, a02);
                a03 = x3.fma(w0, a03);
                a04 = x4.fma(w0, a04);
                FloatVector w1 = FloatVector.broadcast(S, wp[wAt + 1]);
                a10 = x0.fma(w1, a10);
                a11 = x1.fma(w1, a11);
                a12 = x2.fma(w1, a12);
                a13 = x3.fma(w1, a13);
                a14 = x4.fma(w1, a14);
                FloatVector w2 = FloatVector.broadcast(S, wp[wAt + 2]);
                a20 = x0.fma(w2, a20);
                a21 = x1.fma(w2, a21);
                a22 = x2.fma(w2, a22);
                a23 = x3.fma(w2, a23);
                a24 = x4.fma(w2, a24);
            }
        }
        a00.intoArray(out, r0);
        a01.intoArray(out, r0 + L);
        a02.intoArray(out, r0 + 2 * L);
        a03.intoArray(out, r0 + 3 * L);
        a04.intoArray(out, r0 + 4 * L);
        a10.intoArray(out, r1);
        a11.intoArray(out, r1 + L);
        a12.intoArray(out, r1 + 2 * L);
        a13.intoArray(out, r1 + 3 * L);
        a14.intoArray(out, r1 + 4 * L);
        a20.intoArray(out, r2);
        a21.intoArray(out, r2 + L);
        a22.intoArray(out, r2 + 2 * L);
        a23.intoArray(out, r2 + 3 * L);
        a24.intoArray(out, r2 + 4 * L);
    }

    /**
     * The same for one vector at ow, its lanes cut at the interior's end {@code to} (the mask is made here:
     * passed to this method, which is too large to inline, it would be boxed on every call).
     */
    private static void oneVector(Pass p, float[] in, float[] out, int[] at, int last, int image, int block,
                                  int oh, int ow, int i0, int i1, int to) {
        VectorMask<Float> lanes = S.indexInRange(ow, to);
        FloatVector a0 = FloatVector.fromArray(S, out, at[0] + ow, lanes);
        FloatVector a1 = FloatVector.fromArray(S, out, at[1] + ow, lanes);
        FloatVector a2 = FloatVector.fromArray(S, out, at[2] + ow, lanes);
        FloatVector a3 = FloatVector.fromArray(S, out, at[3] + ow, lanes);
        int taps = p.tapH().length;
        int inPlane = p.inH() * p.inW();
        float[] wp = p.packed();
        for (int i = i0; i < i1; i++) {
            int channel = (image * p.inChannels() + i) * inPlane;
            int wAt = (block * p.inChannels() + i) * taps * BLOCK;
            for (int t = 0; t < taps; t++, wAt += BLOCK) {
                int ih = oh + p.tapH()[t];
                if (ih < 0 || ih >= p.inH()) {
                    continue;
                }
                FloatVector x = FloatVector.fromArray(S, in, channel + ih * p.inW() + ow + p.tapW()[t], lanes);
                a0 = x.fma(FloatVector.broadcast(S, wp[wAt]), a0);
                a1 = x.fma(FloatVector.broadcast(S, wp[wAt + 1]), a1);
                a2 = x.fma(FloatVector.broadcast(S, wp[wAt + 2]), a2);
                a3 = x.fma(FloatVector.broadcast(S, wp[wAt + 3]), a3);
            }
        }
        a0.intoArray(out, at[0] + ow, lanes);
        if (last >= 1) {
            a1.intoArray(out, at[1] + ow, lanes);
        }
        if (last >= 2) {
            a2.intoArray(out, at[2] + ow, lanes);
        }
        if (last >= 3) {
            a3.intoArray(out, at[3] + ow, lanes);
        }
    }

    /** The same for output column ow alone, skipping the taps that fall outside the input. */
    private static void edgeColumn(Pass p, float[] in, float[] out, int[] at, int last, int image, int block,
                                   int oh, int ow, int i0, int i1) {
        int taps = p.tapH().length;
        int inPlane = p.inH() * p.inW();
        float[] wp = p.packed();
        for (int c = 0; c <= last; c++) {
            float sum = out[at[c] + ow];
            for (int i = i0; i < i1; i++) {
                int channel = (image * p.inChannels() + i) * inPlane;
                int wAt = (block * p.inChannels() + i) * taps * BLOCK + c;
                for (int t = 0; t < taps; t++) {
                    int ih = oh + p.tapH()[t];
                    int iw = ow + p.tapW()[t];
                    if (ih >= 0 && ih < p.inH() && iw >= 0 && iw < p.inW()) {
                        sum = Math.fma(in[channel + ih * p.inW() + iw], wp[wAt + t * BLOCK], sum);
                    }
                }
            }
            out[at[c] + ow] = sum;
        }
    }
}
