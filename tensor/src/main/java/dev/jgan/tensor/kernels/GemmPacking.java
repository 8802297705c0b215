package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Vectors;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Copies blocks of op(A) and op(B) into the contiguous micro-panel layouts the
 * micro-kernels read, resolving the transposes and zero-padding partial panels.
 *
 * <ul>
 *   <li>A block (mc x kc at row i0, depth p0): panels of MR rows; panel q holds element
 *       (q*MR + r, p) at {@code q*MR*kc + p*MR + r}.</li>
 *   <li>B block (kc x nc at depth p0, column j0): panels of NR columns; panel q holds
 *       element (p, q*NR + j) at {@code q*NR*kc + p*NR + j}.</li>
 * </ul>
 */
final class GemmPacking {
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();
    /** Depth steps per pass when packing a transposed B: one 64-byte line of each column. */
    private static final int TRANSPOSE_STEPS = 16;

    private GemmPacking() {}

    /** Packs rows [i0, i0+mc) and depth [p0, p0+kc) of op(A) into {@code dst}. */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc,
                      float[] dst, int mr) {
        for (int q = 0; q * mr < mc; q++) {
            int rows = Math.min(mr, mc - q * mr);
            int base = q * mr * kc;
            int row0 = i0 + q * mr;
            if (transA) {
                // op(A)(i, p) = a[p * lda + i]: each depth step is a contiguous run of rows
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (p0 + p) * lda + row0;
                    int d = base + p * mr;
                    System.arraycopy(a, src, dst, d, rows);
                    if (rows < mr) {
                        Arrays.fill(dst, d + rows, d + mr, 0f);
                    }
                }
            } else {
                // op(A)(i, p) = a[i * lda + p]: each row is a contiguous run of depth steps
                for (int r = 0; r < rows; r++) {
                    int src = aOff + (row0 + r) * lda + p0;
                    int d = base + r;
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * mr] = a[src + p];
                    }
                }
                for (int r = rows; r < mr; r++) {
                    for (int p = 0; p < kc; p++) {
                        dst[base + p * mr + r] = 0f;
                    }
                }
            }
        }
    }

    /** Packs depth [p0, p0+kc) and columns [j0, j0+nc) of op(B) into {@code dst}. */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc,
                      float[] dst, int nr) {
        for (int q = 0; q * nr < nc; q++) {
            int cols = Math.min(nr, nc - q * nr);
            int base = q * nr * kc;
            int col0 = j0 + q * nr;
            if (transB) {
                // op(B)(p, j) = b[j * ldb + p]: each column is a contiguous run of depth steps,
                // transposed a few depth steps at a time so the written rows stay in L1
                for (int pp = 0; pp < kc; pp += TRANSPOSE_STEPS) {
                    int steps = Math.min(TRANSPOSE_STEPS, kc - pp);
                    for (int j = 0; j < cols; j++) {
                        int src = bOff + (col0 + j) * ldb + p0 + pp;
                        int d = base + pp * nr + j;
                        for (int p = 0; p < steps; p++) {
                            dst[d + p * nr] = b[src + p];
                        }
                    }
                }
                if (cols < nr) {
                    for (int p = 0; p < kc; p++) {
                        Arrays.fill(dst, base + p * nr + cols, base + (p + 1) * nr, 0f);
                    }
                }
            } else if (cols == nr) {
                // op(B)(p, j) = b[p * ldb + j]: each depth step is a contiguous run of columns
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * ldb + col0;
                    int d = base + p * nr;
                    for (int j = 0; j < nr; j += L) {
                        FloatVector.fromArray(S, b, src + j).intoArray(dst, d + j);
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * ldb + col0;
                    int d = base + p * nr;
                    System.arraycopy(b, src, dst, d, cols);
                    Arrays.fill(dst, d + cols, d + nr, 0f);
                }
            }
        }
    }
}
