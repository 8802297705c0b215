package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Vectors;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
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
    /** Depth steps per pass of {@link #packTransposing}. */
    private static final int DEPTH_BLOCK = 64;

    /** Rows of two A panels packed together by {@link #packPanelPair}: one transposed block. */
    private static final int PAIR_ROWS = Transpose.BLOCK;
    /** Lanes 0-7 of a, then lanes 0-7 of b (16-lane vectors; as a two-source shuffle). */
    private static final VectorShuffle<Float> FIRST_HALVES =
            Transpose.BLOCKS ? VectorShuffle.fromOp(S, i -> i < 8 ? i : i - 8 - 2 * L) : null;
    /** Lanes 8-15 of a, then lanes 8-15 of b. */
    private static final VectorShuffle<Float> SECOND_HALVES =
            Transpose.BLOCKS ? VectorShuffle.fromOp(S, i -> i < 8 ? i + 8 : i - 2 * L) : null;
    /** Per thread, a 16 x 16 block of two panels' rows, transposed. */
    private static final ThreadLocal<float[]> STAGED_PAIR = ThreadLocal.withInitial(() -> new float[PAIR_ROWS * PAIR_ROWS]);

    private GemmPacking() {}

    /** Packs rows [i0, i0+mc) and depth [p0, p0+kc) of op(A) into {@code dst} from {@code dstOff}. */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc,
                      float[] dst, int dstOff, int mr) {
        int q = 0;
        if (!transA && Transpose.BLOCKS && 2 * mr == Transpose.BLOCK) {
            for (; (q + 2) * mr <= mc; q += 2) {
                packPanelPair(a, aOff + (i0 + q * mr) * lda + p0, lda, kc, dst, dstOff + q * mr * kc);
            }
        }
        for (; q * mr < mc; q++) {
            int rows = Math.min(mr, mc - q * mr);
            int base = dstOff + q * mr * kc;
            int row0 = i0 + q * mr;
            if (transA) {
                // op(A)(i, p) = a[p * lda + i]: each depth step is a contiguous run of rows
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (p0 + p) * lda + row0;
                    int d = base + p * mr;
                    for (int r = 0; r < rows; r++) {
                        dst[d + r] = a[src + r];
                    }
                    for (int r = rows; r < mr; r++) {
                        dst[d + r] = 0f;
                    }
                }
            } else {
                // op(A)(i, p) = a[i * lda + p]: each row is a contiguous run of depth steps
                packTransposing(a, aOff + row0 * lda + p0, lda, rows, kc, dst, base, mr);
            }
        }
    }

    /**
     * Two panels of 8 rows (run r of {@code kc} values at {@code src[start + r ld]}, r below 16) into
     * dst[base + p 8 + r] and dst[base + 8 kc + p 8 + r - 8]: blocks of 16 depth steps transposed in
     * registers into {@code staged}, then each pair of depth steps' halves joined into one vector per panel;
     * the last depth steps (fewer than 16) four rows at a time.
     */
    private static void packPanelPair(float[] src, int start, int ld, int kc, float[] dst, int base) {
        float[] staged = STAGED_PAIR.get();
        int second = base + PAIR_ROWS / 2 * kc;
        int p = 0;
        for (; p + PAIR_ROWS <= kc; p += PAIR_ROWS) {
            Transpose.block(src, start + p, ld, staged, 0, PAIR_ROWS);
            for (int c = 0; c < PAIR_ROWS; c += 2) {
                FloatVector even = FloatVector.fromArray(S, staged, c * PAIR_ROWS);
                FloatVector odd = FloatVector.fromArray(S, staged, (c + 1) * PAIR_ROWS);
                even.rearrange(FIRST_HALVES, odd).intoArray(dst, base + (p + c) * PAIR_ROWS / 2);
                even.rearrange(SECOND_HALVES, odd).intoArray(dst, second + (p + c) * PAIR_ROWS / 2);
            }
        }
        if (p < kc) {
            int half = PAIR_ROWS / 2;
            packFourLines(src, start + p, ld, half, kc - p, dst, base + p * half, half);
            packFourLines(src, start + half * ld + p, ld, half, kc - p, dst, second + p * half, half);
        }
    }

    /** dst[i] *= alpha for i < size: alpha folded into a packed A block. */
    static void scale(float[] dst, int size, float alpha) {
        int i = 0;
        for (; i < Vectors.loopBound(size); i += L) {
            FloatVector.fromArray(S, dst, i).mul(alpha).intoArray(dst, i);
        }
        for (; i < size; i++) {
            dst[i] *= alpha;
        }
    }

    /** Packs depth [p0, p0+kc) and columns [j0, j0+nc) of op(B) into {@code dst} from {@code dstOff}. */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc,
                      float[] dst, int dstOff, int nr) {
        for (int q = 0; q * nr < nc; q++) {
            int cols = Math.min(nr, nc - q * nr);
            int base = dstOff + q * nr * kc;
            int col0 = j0 + q * nr;
            if (transB) {
                // op(B)(p, j) = b[j * ldb + p]: each column is a contiguous run of depth steps
                packTransposing(b, bOff + col0 * ldb + p0, ldb, cols, kc, dst, base, nr);
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

    /**
     * Interleaves {@code lines} runs of {@code kc} values (run l at {@code src[start + l * ld]})
     * into {@code dst[base + p * width + l]}, zero-filling lines [lines, width). Sixteen runs
     * or more are transposed in registers ({@link Transpose}: each source cache line is read
     * whole, at once); fewer go four runs and a bounded depth range at a time, so the source
     * lines in flight stay few (power-of-two leading dimensions alias in L1) and the written
     * rows stay cached.
     */
    private static void packTransposing(float[] src, int start, int ld, int lines, int kc,
                                        float[] dst, int base, int width) {
        if (Transpose.BLOCKS && lines >= Transpose.BLOCK) {
            Transpose.of(src, start, lines, kc, ld, dst, base, width);
        } else {
            packFourLines(src, start, ld, lines, kc, dst, base, width);
        }
        if (lines < width) {
            for (int p = 0; p < kc; p++) {
                Arrays.fill(dst, base + p * width + lines, base + (p + 1) * width, 0f);
            }
        }
    }

    /** The interleaving of {@link #packTransposing} four runs at a time, without the zero-filling. */
    private static void packFourLines(float[] src, int start, int ld, int lines, int kc, float[] dst, int base,
                                      int width) {
        for (int pp = 0; pp < kc; pp += DEPTH_BLOCK) {
            int pEnd = Math.min(kc, pp + DEPTH_BLOCK);
            int l = 0;
            for (; l + 4 <= lines; l += 4) {
                int s = start + l * ld;
                for (int p = pp; p < pEnd; p++) {
                    int d = base + p * width + l;
                    dst[d] = src[s + p];
                    dst[d + 1] = src[s + ld + p];
                    dst[d + 2] = src[s + 2 * ld + p];
                    dst[d + 3] = src[s + 3 * ld + p];
                }
            }
            for (; l < lines; l++) {
                int s = start + l * ld;
                for (int p = pp; p < pEnd; p++) {
                    dst[base + p * width + l] = src[s + p];
                }
            }
        }
    }
}
