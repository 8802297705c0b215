package dev.jgan.tensor.kernels;

/** A named convolution test case: x [n, cIn, h, w], w [cOut, cIn, kH, kW], with or without a bias. */
record ConvCase(String name, int n, int cIn, int h, int w, int cOut, ConvSpec spec, boolean bias) {

    ConvGeometry geometry() {
        return new ConvGeometry(n, cIn, h, w, cOut, spec.outH(h), spec.outW(w), spec);
    }

    @Override
    public String toString() {
        return name;
    }
}
