package dev.jgan.bench.gpu;

import dev.jgan.bench.LayerShape.Kind;
import dev.jgan.cuda.Precision;

/** The three passes of a convolution layer, named as bench/compare_pytorch.py names them. */
public enum ConvPass {
    FORWARD("forward"), BACKWARD_INPUT("backwardInput"), BACKWARD_WEIGHT("backwardWeight");

    private final String label;

    ConvPass(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The pass labelled {@code label}. */
    public static ConvPass ofLabel(String label) {
        for (ConvPass pass : values()) {
            if (pass.label.equals(label)) {
                return pass;
            }
        }
        throw new IllegalArgumentException("unknown pass '" + label + "' (expected forward, backwardInput or backwardWeight)");
    }

    /**
     * The arithmetic jgan's kernel for this pass uses when {@code requested} is asked for: the TF32
     * tensor-core kernel exists for the implicit-GEMM forward only, which is a convolution's forward and a
     * transposed convolution's backward to the input; the other passes always run the FP32 kernels.
     */
    public Precision kernelPrecision(Kind kind, Precision requested) {
        boolean forwardKernel = kind == Kind.CONV ? this == FORWARD : this == BACKWARD_INPUT;
        return forwardKernel ? requested : Precision.FP32;
    }
}
