package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Vectors;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * The three convolution passes lowered to GEMM over blocks of columns ({@link ConvPlan}).
 * Per image, with col = im2col(x) [K, P], K = Cin kH kW, P = outH outW:
 * y = W col + b, dcol = W^T dy (then col2im), dW = sum over images of dy col^T.
 *
 * <p>Threads: when there are enough blocks, each thread takes a contiguous run of blocks and
 * does everything for them on its own scratch (the GEMM then runs single-threaded inside);
 * otherwise the blocks run in order and the GEMM and the lowering parallelise internally.
 *
 * <p>Some shapes skip the lowering: a kernel covering the whole image is one GEMM, stride-1
 * passes with few output channels run directly ({@link DirectConv}), 3x3 stride-1 forward passes
 * with enough channels and positions by Winograd's algorithm ({@link WinogradConv}). Strided passes
 * with at least 16 channels on both sides run directly on channels-last copies: forward and
 * backward to the input ({@link ChannelsLastConv}) over a batch of at least two image tiles per
 * thread when a position's weights fit in L2, the weight gradient
 * ({@link ChannelsLastWeightGradient}) over at least one tile. Weight gradients with fewer than 16
 * input channels (and at least 16 output channels), strided or not, run directly on a padded
 * channels-last copy of each image ({@link PatchWeightGradient}). Strided forward passes with fewer
 * than 16 input channels (at least four output channels, an image per thread) run directly on the
 * input's phase planes ({@link FewInputChannelConv}). Over smaller batches, strided forward passes read the input's phase planes ({@link SpaceToDepthConv}), strided backward passes
 * to the input run one GEMM per sub-pixel phase ({@link SubPixelInputGradient}) and weight
 * gradients one GEMM over the phase planes ({@link PhaseWeightGradient}).
 */
final class ConvLowering {
    private ConvLowering() {}

    /** y = conv(x, w) + bias (bias may be null). */
    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        if (g.images() == 0) {
            return;
        }
        int k = g.patch();
        int cOut = g.outChannels();
        if (g.wholeImageWindow()) {
            // y [N, Cout] = x [N, K] W^T
            Gemm.sgemm(false, true, g.images(), cOut, k, 1f, x, 0, k, w, 0, k, 0f, y, 0, cOut);
            if (bias != null) {
                ChannelPlanes.addBias(y, g.images(), cOut, 1, bias);
            }
            return;
        }
        ForwardKernel direct = directForward(g);
        if (direct != null) {
            direct.forward(g, x, w, bias, y);
            return;
        }
        ConvPlan plan = ConvPlan.of(g.images(), g.outPlane(), k + cOut);
        Im2col lowering = g.pointwise() ? null : new Im2col(g);
        // W is packed once for all groups, unless a product would take the unpacked matrix-vector path
        GemmPackedA weights = cOut > 1 && k > 1
                ? GemmPackedA.pack(false, cOut, k, w, 0, k,
                        ConvScratch.get().packed(GemmPackedA.size(GemmTile.DEFAULT, cOut, k)), 0)
                : null;
        eachGroup(g, plan, false, (first, count) -> {
            ConvScratch scratch = ConvScratch.get();
            int image = first / g.outPlane();
            int from = first - image * g.outPlane();
            boolean oneImage = from + count <= g.outPlane();
            Operand cols = columns(g, lowering, x, first, count, oneImage, scratch);
            if (oneImage) {
                weightsTimes(weights, w, cOut, k, count, cols, y, image * cOut * g.outPlane() + from, g.outPlane());
                if (bias != null) {
                    ChannelPlanes.addBias(y, cOut, g.outPlane(), image, from, count, bias);
                }
            } else {
                float[] staging = scratch.staging(cOut * count);
                weightsTimes(weights, w, cOut, k, count, cols, staging, 0, count);
                ChannelPlanes.scatter(staging, cOut, g.outPlane(), image, count / g.outPlane(), bias, y);
            }
        });
    }

    /** A forward pass computed without lowering. */
    @FunctionalInterface
    private interface ForwardKernel {
        void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y);
    }

    /** The kernel that computes g's forward pass directly, or null when {@link #forward} lowers it to the GEMM. */
    private static ForwardKernel directForward(ConvGeometry g) {
        if (DirectConv.handles(g)) {
            return DirectConv::forward;
        }
        if (WinogradConv.handles(g)) {
            return WinogradConv::forward;
        }
        if (ChannelsLastConv.handlesForward(g)) {
            return ChannelsLastConv::forward;
        }
        if (TapPlaneConv.handles(g)) {
            return TapPlaneConv::forward;
        }
        if (FewInputChannelConv.handles(g)) {
            return FewInputChannelConv::forward;
        }
        if (SpaceToDepthConv.handles(g)) {
            return SpaceToDepthConv::forward;
        }
        return null;
    }

    /** Whether {@link #forward} computes g by Winograd's algorithm: {@link #directForward}'s checks, in its order. */
    static boolean takesWinograd(ConvGeometry g) {
        return g.images() > 0 && !g.wholeImageWindow() && !DirectConv.handles(g) && WinogradConv.handles(g);
    }

    /**
     * Whether {@link #forward} computes g as W, packed once, times blocks of columns: then every
     * output is the same sum, in the same order, however the columns are grouped or packed.
     */
    static boolean lowersWithPackedWeights(ConvGeometry g) {
        return g.images() > 0 && !g.wholeImageWindow() && directForward(g) == null && g.outChannels() > 1
                && g.patch() > 1;
    }

    /** out = W cols for {@code count} columns, from the packed W when there is one. */
    private static void weightsTimes(GemmPackedA packed, float[] w, int cOut, int k, int count, Operand cols,
                                     float[] out, int outOffset, int ldOut) {
        if (packed != null && count > 1) {
            Gemm.sgemm(packed, count, Gemm.panels(false, cols.data, cols.offset, cols.ld), 0f, out, outOffset, ldOut);
        } else {
            Gemm.sgemm(false, false, cOut, count, k, 1f, w, 0, k, cols.data, cols.offset, cols.ld, 0f, out, outOffset, ldOut);
        }
    }

    /**
     * dx = conv^T(dy, w) + bias: the gradient of {@link #forward} to its input, which is also
     * a transposed convolution's forward pass (bias may be null; it is never part of a gradient).
     */
    static void backwardInput(ConvGeometry g, float[] dy, float[] w, float[] bias, float[] dx) {
        if (g.images() == 0) {
            return;
        }
        // y = W col(x)  =>  dcol = W^T dy, dx = col2im(dcol)
        int k = g.patch();
        int cOut = g.outChannels();
        int cIn = g.inChannels();
        if (g.wholeImageWindow()) {
            // dx [N, K] = dy [N, Cout] W
            Gemm.sgemm(false, false, g.images(), k, cOut, 1f, dy, 0, cOut, w, 0, k, 0f, dx, 0, k);
            if (bias != null) {
                ChannelPlanes.addBias(dx, g.images(), cIn, g.inPlane(), bias);
            }
            return;
        }
        if (DirectConv.handles(g)) {
            DirectConv.backwardInput(g, dy, w, bias, dx);
            return;
        }
        if (WinogradConv.handlesBackwardInput(g)) {
            WinogradConv.backwardInput(g, dy, w, bias, dx);
            return;
        }
        if (ChannelsLastConv.handlesBackwardInput(g)) {
            ChannelsLastConv.backwardInput(g, dy, w, bias, dx);
            return;
        }
        if (SubPixelInputGradient.handles(g)) {
            SubPixelInputGradient.backwardInput(g, dy, w, bias, dx);
            return;
        }
        ConvPlan plan = ConvPlan.of(g.images(), g.outPlane(), k + cOut);
        Im2col lowering = g.pointwise() ? null : new Im2col(g);
        int blocks = plan.blocks(true);
        if (ConvPlan.parts(blocks, 2 * g.macs() / blocks) > 1 || Parallel.threads() == 1) {
            eachGroup(g, plan, true, (first, count) -> backwardInputGroup(g, lowering, dy, w, bias, dx,
                    0, cIn, first, count));
            return;
        }
        // too few images to share out: groups in order, each thread computing and raising a run of input channels
        int window = g.spec().kernelH() * g.spec().kernelW();
        plan.forEachGroup(0, blocks, true, (first, count) -> Parallel.forRange(cIn,
                ConvPlan.minUnits(2L * window * count * cOut),
                (c0, c1) -> backwardInputGroup(g, lowering, dy, w, bias, dx, c0, c1, first, count)));
    }

    /** Input channels [c0, c1) of dx for the lowered columns [first, first + count). */
    private static void backwardInputGroup(ConvGeometry g, Im2col lowering, float[] dy, float[] w, float[] bias,
                                           float[] dx, int c0, int c1, int first, int count) {
        ConvScratch scratch = ConvScratch.get();
        int k = g.patch();
        int cOut = g.outChannels();
        int window = g.spec().kernelH() * g.spec().kernelW();
        int rows = (c1 - c0) * window;
        int image = first / g.outPlane();
        int from = first - image * g.outPlane();
        boolean oneImage = from + count <= g.outPlane();
        int images = oneImage ? 1 : count / g.outPlane();
        Operand grad = outputs(g, dy, first, count, oneImage, scratch);
        if (g.pointwise() && oneImage) {
            Gemm.sgemm(true, false, rows, count, cOut, 1f, w, c0, k, grad.data, grad.offset, grad.ld,
                    0f, dx, (image * g.inChannels() + c0) * g.inPlane() + from, g.inPlane());
            if (bias != null) {
                ChannelPlanes.addBias(dx, g.inChannels(), g.inPlane(), image, from, count, bias, c0, c1);
            }
            return;
        }
        float[] dcol = scratch.columns(rows * count);
        Gemm.sgemm(true, false, rows, count, cOut, 1f, w, c0 * window, k, grad.data, grad.offset, grad.ld,
                0f, dcol, 0, count);
        if (g.pointwise()) {
            ChannelPlanes.scatter(dcol, g.inChannels(), g.inPlane(), image, images, bias, dx, c0, c1);
            return;
        }
        if (from == 0) {
            ChannelPlanes.fill(dx, g.inChannels(), g.inPlane(), image, images, bias, c0, c1);
        }
        lowering.raise(dcol, first, count, dx, c0, c1);
    }

    /** dw = sum over images of dy col(x)^T, split into per-part sums combined in part order. */
    static void backwardWeight(ConvGeometry g, float[] dy, float[] x, float[] dw) {
        if (g.images() == 0) {
            Arrays.fill(dw, 0f);
            return;
        }
        // y = W col(x)  =>  dW = dy col(x)^T
        int k = g.patch();
        int cOut = g.outChannels();
        if (g.wholeImageWindow()) {
            // dW [Cout, K] = dy^T [Cout, N] x [N, K]
            Gemm.sgemm(true, false, cOut, k, g.images(), 1f, dy, 0, cOut, x, 0, k, 0f, dw, 0, k);
            return;
        }
        if (DirectConv.handles(g)) {
            DirectWeightGradient.backwardWeight(g, dy, x, dw);
            return;
        }
        if (WinogradWeightGradient.handles(g)) {
            WinogradWeightGradient.backwardWeight(g, dy, x, dw);
            return;
        }
        if (ChannelsLastWeightGradient.handles(g)) {
            ChannelsLastWeightGradient.backwardWeight(g, dy, x, dw);
            return;
        }
        if (TapVectorWeightGradient.handles(g)) {
            TapVectorWeightGradient.backwardWeight(g, dy, x, dw);
            return;
        }
        if (PatchWeightGradient.handles(g)) {
            PatchWeightGradient.backwardWeight(g, dy, x, dw);
            return;
        }
        if (SpaceToDepthConv.handles(g)) {
            PhaseWeightGradient.backwardWeight(g, dy, x, dw);
            return;
        }
        ConvPlan plan = ConvPlan.of(g.images(), g.outPlane(), k + cOut);
        Im2col lowering = g.pointwise() ? null : new Im2col(g);
        int blocks = plan.blocks(false);
        int parts = ConvPlan.parts(blocks, 2 * g.macs() / blocks);
        int size = cOut * k;
        float[] partials = parts > 1 ? ConvScratch.get().partials((parts - 1) * size) : null;
        Parallel.forRange(parts, 1, (p0, p1) -> {
            for (int part = p0; part < p1; part++) {
                float[] target = part == 0 ? dw : partials;
                int targetOffset = part == 0 ? 0 : (part - 1) * size;
                boolean[] started = {false};
                plan.forEachGroup(Parallel.chunkStart(blocks, parts, part), Parallel.chunkStart(blocks, parts, part + 1),
                        false, (first, count) -> {
                            ConvScratch scratch = ConvScratch.get();
                            int image = first / g.outPlane();
                            boolean oneImage = first - image * g.outPlane() + count <= g.outPlane();
                            Operand grad = outputs(g, dy, first, count, oneImage, scratch);
                            Operand cols = columns(g, lowering, x, first, count, oneImage, scratch);
                            Gemm.sgemm(false, true, cOut, k, count, 1f, grad.data, grad.offset, grad.ld,
                                    cols.data, cols.offset, cols.ld, started[0] ? 1f : 0f, target, targetOffset, k);
                            started[0] = true;
                        });
            }
        });
        for (int part = 1; part < parts; part++) {
            addInto(partials, (part - 1) * size, dw, size);
        }
    }

    /** dbias[c] = sum of dy over images and positions. */
    static void backwardBias(float[] dy, int images, int channels, int plane, float[] dbias) {
        // y = W col(x) + b  =>  db = sum over n, p of dy
        ChannelPlanes.sumPerChannel(dy, images, channels, plane, dbias);
    }

    /** Runs the plan's groups: in parallel runs of blocks when they split evenly, else in order. */
    private static void eachGroup(ConvGeometry g, ConvPlan plan, boolean wholeImages, ConvPlan.GroupBody body) {
        int blocks = plan.blocks(wholeImages);
        ConvPlan.forEachPart(blocks, ConvPlan.parts(blocks, 2 * g.macs() / blocks),
                (part, from, to) -> plan.forEachGroup(from, to, wholeImages, body));
    }

    /** The lowered columns [first, first + count) of x: x itself for a pointwise conv within one image. */
    private static Operand columns(ConvGeometry g, Im2col lowering, float[] x, int first, int count, boolean oneImage,
                                   ConvScratch scratch) {
        int image = first / g.outPlane();
        if (g.pointwise() && oneImage) {
            return new Operand(x, image * g.inChannels() * g.inPlane() + first - image * g.outPlane(), g.inPlane());
        }
        float[] col = scratch.columns(g.patch() * count);
        if (g.pointwise()) {
            ChannelPlanes.gather(x, g.inChannels(), g.inPlane(), image, count / g.outPlane(), col);
        } else {
            lowering.lower(x, first, count, col);
        }
        return new Operand(col, 0, count);
    }

    /** Columns [first, first + count) of an output-shaped tensor as a [cOut, count] matrix. */
    private static Operand outputs(ConvGeometry g, float[] t, int first, int count, boolean oneImage,
                                   ConvScratch scratch) {
        int image = first / g.outPlane();
        if (oneImage) {
            return new Operand(t, image * g.outChannels() * g.outPlane() + first - image * g.outPlane(), g.outPlane());
        }
        float[] staging = scratch.staging(g.outChannels() * count);
        ChannelPlanes.gather(t, g.outChannels(), g.outPlane(), image, count / g.outPlane(), staging);
        return new Operand(staging, 0, count);
    }

    /** dst[i] += src[srcOffset + i] for i < size, split between threads by index. */
    static void addInto(float[] src, int srcOffset, float[] dst, int size) {
        Parallel.forRange(size, 1 << 15, (i0, i1) -> {
            int bound = i0 + Vectors.loopBound(i1 - i0);
            int i = i0;
            for (; i < bound; i += Vectors.LANES) {
                FloatVector.fromArray(Vectors.FLOAT, dst, i)
                        .add(FloatVector.fromArray(Vectors.FLOAT, src, srcOffset + i))
                        .intoArray(dst, i);
            }
            for (; i < i1; i++) {
                dst[i] += src[srcOffset + i];
            }
        });
    }

    /** A matrix operand: array, offset of its first value, leading dimension. */
    private record Operand(float[] data, int offset, int ld) {}
}
