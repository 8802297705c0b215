package dev.jgan.bench.gpu;

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
}
