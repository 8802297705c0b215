package dev.jgan.cuda;

import dev.jgan.tensor.kernels.ConvSpec;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The geometry of one convolution as the kernels receive it (struct ConvShape in
 * conv_shape.cuh, same field order, then the {@link FastDivisor}s of {@link #DIVISORS}):
 * x [batch, inC, inH, inW], w [outC, inC, kH, kW], y [batch, outC, outH, outW]. A transposed
 * convolution is described by the convolution it transposes: its input is this y and its output this x.
 */
record ConvShape(int batch, int inC, int inH, int inW, int outC, int outH, int outW,
                 int kernelH, int kernelW, int strideH, int strideW,
                 int padH, int padW, int dilationH, int dilationW) {

    /** A divisor the kernels use: its name in the struct (after a div_ prefix) and its value for a shape. */
    record Divisor(String name, ToIntFunction<ConvShape> value) {}

    /** The divisors, in struct order. */
    static final List<Divisor> DIVISORS = List.of(
            new Divisor("taps", s -> s.kernelH * s.kernelW), new Divisor("k_w", ConvShape::kernelW),
            new Divisor("out_plane", s -> s.outH * s.outW), new Divisor("out_w", ConvShape::outW),
            new Divisor("in_plane", s -> s.inH * s.inW), new Divisor("in_w", ConvShape::inW),
            new Divisor("stride_h", ConvShape::strideH), new Divisor("stride_w", ConvShape::strideW),
            // one sub-pixel phase's taps and input pixels (meaningful when phased(); at least 1 otherwise)
            new Divisor("phase_taps", s -> Math.max(1, s.phaseTapsH() * s.phaseTapsW())),
            new Divisor("phase_k_w", s -> Math.max(1, s.phaseTapsW())),
            new Divisor("phase_plane", s -> Math.max(1, (s.inH / s.strideH) * (s.inW / s.strideW))),
            new Divisor("phase_w", s -> Math.max(1, s.inW / s.strideW)));

    /** Ints of the geometry: the record's fields. */
    private static final int GEOMETRY_FIELDS = 15;

    /** Number of ints in the kernel-side struct: the geometry, then the divisors. */
    static final int FIELDS = GEOMETRY_FIELDS + DIVISORS.size() * FastDivisor.FIELDS;

    ConvShape {
        if (batch < 1 || inC < 1 || inH < 1 || inW < 1 || outC < 1 || outH < 1 || outW < 1) {
            throw new IllegalArgumentException("empty convolution " + this);
        }
        requireIndexable("input", (long) batch * inC * inH * inW);
        requireIndexable("output", (long) batch * outC * outH * outW);
        requireIndexable("weight", (long) outC * inC * kernelH * kernelW);
    }

    /** Convolution of x [batch, inC, inH, inW] by outC filters, output size from the spec. */
    static ConvShape of(int batch, int inC, int inH, int inW, int outC, ConvSpec spec) {
        return new ConvShape(batch, inC, inH, inW, outC, spec.outH(inH), spec.outW(inW),
                spec.kernelH(), spec.kernelW(), spec.strideH(), spec.strideW(),
                spec.padH(), spec.padW(), spec.dilationH(), spec.dilationW());
    }

    /**
     * The convolution transposed by a ConvTranspose2d from [batch, inC, inH, inW] to
     * [batch, outC, outH, outW]: that convolution maps the output size back to the input size,
     * which holds exactly when the output padding is smaller than the stride.
     */
    static ConvShape transposed(int batch, int inC, int inH, int inW, int outC, int outH, int outW, ConvSpec spec) {
        ConvShape conv = of(batch, outC, outH, outW, inC, spec);
        if (conv.outH != inH || conv.outW != inW) {
            throw new IllegalArgumentException("a transposed convolution " + spec + " cannot map " + inH + "x" + inW
                    + " to " + outH + "x" + outW + " (output padding must be smaller than the stride)");
        }
        return conv;
    }

    int[] inputShape() {
        return new int[] {batch, inC, inH, inW};
    }

    int[] outputShape() {
        return new int[] {batch, outC, outH, outW};
    }

    int[] weightShape() {
        return new int[] {outC, inC, kernelH, kernelW};
    }

    /** Forward: M = outC, N = batch*outH*outW, K = inC*kH*kW. */
    LaunchGeometry.GemmSize forwardGemm() {
        return new LaunchGeometry.GemmSize(outC, batch * outH * outW, inC * kernelH * kernelW);
    }

    /** Backward to the input: M = inC, N = batch*inH*inW, K = outC*kH*kW. */
    LaunchGeometry.GemmSize backwardDataGemm() {
        return new LaunchGeometry.GemmSize(inC, batch * inH * inW, outC * kernelH * kernelW);
    }

    /**
     * Whether the input gradient runs by sub-pixel phases (conv_gemm.cuh, PhasedBackwardDataGemm): with a
     * stride above 1 only the taps of an input pixel's phase reach it, a 1/(strideH*strideW) share of them.
     * Taken when the dilation is 1 and the strides divide the input and kernel sizes, so that every phase has
     * the same rows and taps (the transposed convolutions of DCGAN generators: 4x4 kernels, stride 2, even sizes).
     */
    boolean phased() {
        return (strideH > 1 || strideW > 1) && dilationH == 1 && dilationW == 1 && inH % strideH == 0
                && inW % strideW == 0 && kernelH % strideH == 0 && kernelW % strideW == 0;
    }

    /** Sub-pixel phases of the input gradient: strideH * strideW. */
    int phases() {
        return strideH * strideW;
    }

    /** One phase of the input gradient by phases: M = inC, N = batch*(inH/sH)*(inW/sW), K = outC*(kH/sH)*(kW/sW). */
    LaunchGeometry.GemmSize phasedBackwardDataGemm() {
        return new LaunchGeometry.GemmSize(inC, batch * (inH / strideH) * (inW / strideW),
                outC * phaseTapsH() * phaseTapsW());
    }

    private int phaseTapsH() {
        return kernelH / strideH;
    }

    private int phaseTapsW() {
        return kernelW / strideW;
    }

    /** Backward to the weights: M = outC, N = inC*kH*kW, K = batch*outH*outW. */
    LaunchGeometry.GemmSize backwardWeightGemm() {
        return new LaunchGeometry.GemmSize(outC, inC * kernelH * kernelW, batch * outH * outW);
    }

    /** The fields in struct order, then each of {@link #DIVISORS} as d, m, p. */
    int[] toInts() {
        int[] ints = Arrays.copyOf(new int[] {batch, inC, inH, inW, outC, outH, outW, kernelH, kernelW,
                strideH, strideW, padH, padW, dilationH, dilationW}, FIELDS);
        for (int i = 0; i < DIVISORS.size(); i++) {
            FastDivisor divisor = FastDivisor.of(DIVISORS.get(i).value().applyAsInt(this));
            int at = GEOMETRY_FIELDS + FastDivisor.FIELDS * i;
            ints[at] = divisor.d();
            ints[at + 1] = divisor.m();
            ints[at + 2] = divisor.p();
        }
        return ints;
    }

    /** The kernels index with 32-bit ints. */
    private static void requireIndexable(String what, long elements) {
        if (elements > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the " + what + " has " + elements
                    + " elements; the CUDA kernels index at most " + Integer.MAX_VALUE);
        }
    }
}
