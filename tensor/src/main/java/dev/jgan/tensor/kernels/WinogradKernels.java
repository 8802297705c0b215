package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Vectors;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 3x3 kernels of a Winograd pass as its weight transform reads them: w [Cout][Cin][3][3] as it
 * is, or, when {@code rotated}, the kernels of the convolution whose input gradient the pass is:
 * kernel (o, i) is w[i][o] rotated by 180 degrees, w being [Cin][Cout][3][3] in the pass's terms.
 */
record WinogradKernels(float[] w, boolean rotated) {
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();
    /** Offsets of the same tap in L consecutive kernels of w [Cout][Cin][3][3]. */
    private static final int[] KERNEL_STARTS = IntStream.range(0, L).map(i -> 9 * i).toArray();
    /** Floats {@link #stageTaps} may write. */
    static final int STAGED_TAPS = Math.max(9, Transpose.BLOCK) * L;

    /** Tap t (row-major) of kernel (o, i) of a pass with cIn input and cOut output channels. */
    float tap(int cIn, int cOut, int o, int i, int t) {
        return rotated ? w[(i * cOut + o) * 9 + 8 - t] : w[(o * cIn + i) * 9 + t];
    }

    /**
     * The 9 taps of kernels (o, i) for the L input channels i from i0 into temp[base + tap L + lane], returning
     * base. With 16 lanes, where the 16 x 16 block from the first kernel lies inside w, the block is transposed in
     * registers (kernels of w as it is lie 9 floats apart, rotated ones 9 Cout; the rotation reverses the order of
     * the transposed rows, tap r landing in row 15 - r): 3x faster than nine gathers. Otherwise a tap at a time.
     */
    int stageTaps(int cIn, int cOut, int o, int i0, float[] temp) {
        int stride = rotated ? 9 * cOut : 9;
        int at = rotated ? (i0 * cOut + o) * 9 : (o * cIn + i0) * 9;
        if (Transpose.BLOCKS && at + (Transpose.BLOCK - 1) * stride + Transpose.BLOCK <= w.length) {
            if (rotated) {
                // rotated tap t is tap 8 - t of w, written to row 15 - (8 - t) = 7 + t
                Transpose.block(w, at, stride, temp, (Transpose.BLOCK - 1) * L, -L);
                return (Transpose.BLOCK - 9) * L;
            }
            Transpose.block(w, at, stride, temp, 0, L);
            return 0;
        }
        for (int t = 0; t < 9; t++) {
            if (rotated) {
                for (int lane = 0; lane < L; lane++) {
                    temp[t * L + lane] = tap(cIn, cOut, o, i0 + lane, t);
                }
            } else {
                FloatVector.fromArray(S, w, at + t, KERNEL_STARTS, 0).intoArray(temp, t * L);
            }
        }
        return 0;
    }
}
