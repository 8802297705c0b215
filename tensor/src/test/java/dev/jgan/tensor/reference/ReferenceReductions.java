package dev.jgan.tensor.reference;

/** Obvious float64 loops for sums over axes. */
public final class ReferenceReductions {
    private ReferenceReductions() {}

    /** Sum of x (of the given shape) over the flagged axes; result in row-major order of the kept axes. */
    public static double[] sum(double[] x, int[] shape, boolean[] reduced) {
        int outSize = 1;
        for (int d = 0; d < shape.length; d++) {
            outSize *= reduced[d] ? 1 : shape[d];
        }
        double[] out = new double[outSize];
        for (int i = 0; i < x.length; i++) {
            int rest = i;
            int outIndex = 0;
            int outStride = 1;
            for (int d = shape.length - 1; d >= 0; d--) {
                int coordinate = rest % shape[d];
                rest /= shape[d];
                if (!reduced[d]) {
                    outIndex += coordinate * outStride;
                    outStride *= shape[d];
                }
            }
            out[outIndex] += x[i];
        }
        return out;
    }
}
