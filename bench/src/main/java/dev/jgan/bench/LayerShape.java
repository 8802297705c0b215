package dev.jgan.bench;

import dev.jgan.tensor.kernels.ConvSpec;

/**
 * One convolution layer of a real network, as benchmarked: batch {@code n}, channels
 * {@code cin -> cout}, input {@code h x w}, square kernel {@code k}, stride {@code s}, padding {@code p}.
 * For a transposed convolution, {@code h x w} is its (small) input and the weight is [cin, cout, k, k].
 */
public record LayerShape(String name, Kind kind, int n, int cin, int cout, int h, int w, int k, int s, int p) {

    /** Plain convolution or transposed convolution. */
    public enum Kind {
        CONV("conv"), CONV_T("convT");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** Short name used in tables, JSON and operation keys. */
        public String label() {
            return label;
        }
    }

    public ConvSpec spec() {
        return ConvSpec.of(k, s, p);
    }

    /** Output height: the convolution's output, or the transposed convolution's (larger) output. */
    public int outH() {
        return kind == Kind.CONV ? spec().outH(h) : spec().transposedOutH(h, 0);
    }

    public int outW() {
        return kind == Kind.CONV ? spec().outW(w) : spec().transposedOutW(w, 0);
    }

    /**
     * Multiply-adds of the forward pass, counting every kernel tap (padding included), the
     * usual convention; each backward pass does the same number.
     * Conv: N Cout outH outW Cin k^2. Transposed: N Cin H W Cout k^2 (each input pixel scatters k^2 Cout).
     */
    public long macs() {
        long taps = (long) cin * cout * k * k;
        return kind == Kind.CONV ? (long) n * outH() * outW() * taps : (long) n * h * w * taps;
    }

    /** Human-readable geometry, e.g. {@code convT 256->128 k4s2p1 7x7->14x14 N128}. */
    public String describe() {
        return kind.label() + " " + cin + "->" + cout + " k" + k + "s" + s + "p" + p + " "
                + h + "x" + w + "->" + outH() + "x" + outW() + " N" + n;
    }
}
