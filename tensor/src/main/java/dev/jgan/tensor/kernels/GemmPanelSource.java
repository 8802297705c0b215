package dev.jgan.tensor.kernels;

/**
 * The B operand of a GEMM given as a packer rather than an array, so a caller can pack
 * panels straight from its own layout (for instance a convolution packing im2col
 * columns from its input without materialising the im2col matrix).
 *
 * <p>B is a logical k x n matrix. {@link #pack} is called from several threads at once
 * (possibly for the same block), so it must only read shared state.
 */
@FunctionalInterface
public interface GemmPanelSource {
    /**
     * Writes rows [p0, p0 + kc) and columns [j0, j0 + nc) of B into {@code dst} as panels
     * of {@code nr} columns: element (p0 + p, j0 + q * nr + j) goes to
     * {@code dst[q * nr * kc + p * nr + j]}, and the columns of the last panel past nc
     * are set to zero.
     */
    void pack(int p0, int kc, int j0, int nc, float[] dst, int nr);
}
