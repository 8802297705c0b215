package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Parallel;
import java.util.Arrays;

/**
 * Row-major single-precision matrix multiply, BLAS style:
 * C = alpha * op(A) * op(B) + beta * C, with op(A) m x k and op(B) k x n.
 *
 * <p>op(X) is X, or X transposed when the matching {@code trans} flag is set; X is read
 * row-major from {@code x[xOffset + row * ldx + col]} in its stored (untransposed) layout.
 * When beta is 0, C's old contents are ignored (NaN included); when alpha is 0 or k is 0,
 * A and B are not read. Runs on the shared {@link dev.jgan.tensor.Parallel} threads
 * (single-threaded when called from inside a parallel body); results are bit-identical
 * for any thread count.
 */
public final class Gemm {
    /** Batch items above this many flops are worth splitting between threads themselves. */
    private static final long LARGE_ITEM_FLOPS = 1L << 26;

    private Gemm() {}

    /** C = alpha * op(A) * op(B) + beta * C. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOffset, int lda,
                             float[] b, int bOffset, int ldb,
                             float beta, float[] c, int cOffset, int ldc) {
        sgemm(GemmTile.DEFAULT, transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
                beta, c, cOffset, ldc);
    }

    /**
     * {@code batch} independent products: item i uses A at {@code aOffset + i * strideA},
     * B at {@code bOffset + i * strideB} and C at {@code cOffset + i * strideC}
     * (a stride of 0 shares that operand between items, except for C).
     */
    public static void sgemmBatched(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                    float[] a, int aOffset, int lda, int strideA,
                                    float[] b, int bOffset, int ldb, int strideB,
                                    float beta, float[] c, int cOffset, int ldc, int strideC, int batch) {
        sgemmBatched(GemmTile.DEFAULT, transA, transB, m, n, k, alpha, a, aOffset, lda, strideA,
                b, bOffset, ldb, strideB, beta, c, cOffset, ldc, strideC, batch);
    }

    /**
     * C = alpha * op(A) * B + beta * C with the k x n matrix B supplied by a packer
     * (implicit GEMM); see {@link GemmPanelSource} for the layout it must write.
     */
    public static void sgemm(boolean transA, int m, int n, int k, float alpha,
                             float[] a, int aOffset, int lda, GemmPanelSource b,
                             float beta, float[] c, int cOffset, int ldc) {
        sgemm(GemmTile.DEFAULT, transA, m, n, k, alpha, a, aOffset, lda, b, beta, c, cOffset, ldc);
    }

    /**
     * C = A * B + beta * C with the m x k matrix A packed beforehand (so several products
     * can share one packing) and B from a packer; bit-identical to packing A here.
     */
    static void sgemm(GemmPackedA a, int n, GemmPanelSource b, float beta, float[] c, int cOffset, int ldc) {
        checkDims(a.m, n, a.k);
        if (b == null) {
            throw new NullPointerException("B is null");
        }
        checkOperand("C", c, cOffset, ldc, a.m, n);
        if (n > 0) {
            GemmDriver.multiply(a, n, b, beta, c, cOffset, ldc);
        }
    }

    /**
     * C = A * B + beta * C with both operands packed beforehand (so several products can share
     * each packing); bit-identical to packing them here.
     */
    static void sgemm(GemmPackedA a, GemmPackedB b, float beta, float[] c, int cOffset, int ldc) {
        checkDims(a.m, b.n, a.k);
        if (a.k != b.k || a.tile != b.tile) {
            throw new IllegalArgumentException("packed A (" + a.m + " x " + a.k + ") and packed B (" + b.k + " x "
                    + b.n + ") do not match");
        }
        checkOperand("C", c, cOffset, ldc, a.m, b.n);
        GemmDriver.multiply(a, b, beta, c, cOffset, ldc);
    }

    /** B given as an array, as a packer for the products that take one. */
    static GemmPanelSource panels(boolean transB, float[] b, int bOffset, int ldb) {
        return (p0, kc, j0, nc, dst, nr) -> GemmPacking.packB(transB, b, bOffset, ldb, p0, kc, j0, nc, dst, 0, nr);
    }

    static void sgemm(GemmTile tile, boolean transA, int m, int n, int k, float alpha,
                      float[] a, int aOffset, int lda, GemmPanelSource b,
                      float beta, float[] c, int cOffset, int ldc) {
        checkDims(m, n, k);
        checkOperand("A", a, aOffset, lda, transA ? k : m, transA ? m : k);
        if (b == null) {
            throw new NullPointerException("B is null");
        }
        checkOperand("C", c, cOffset, ldc, m, n);
        product(tile, transA, m, n, k, alpha, a, aOffset, lda, b, beta, c, cOffset, ldc);
    }

    static void sgemm(GemmTile tile, boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                      float beta, float[] c, int cOffset, int ldc) {
        checkDims(m, n, k);
        checkOperand("A", a, aOffset, lda, transA ? k : m, transA ? m : k);
        checkOperand("B", b, bOffset, ldb, transB ? n : k, transB ? k : n);
        checkOperand("C", c, cOffset, ldc, m, n);
        run(tile, transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
    }

    static void sgemmBatched(GemmTile tile, boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOffset, int lda, int strideA,
                             float[] b, int bOffset, int ldb, int strideB,
                             float beta, float[] c, int cOffset, int ldc, int strideC, int batch) {
        checkDims(m, n, k);
        if (batch < 0) {
            throw new IllegalArgumentException("negative batch count " + batch);
        }
        if (strideA < 0 || strideB < 0 || strideC < 0) {
            throw new IllegalArgumentException("negative batch stride: strideA=" + strideA
                    + ", strideB=" + strideB + ", strideC=" + strideC);
        }
        if (batch == 0) {
            return;
        }
        long lastA = aOffset + (long) (batch - 1) * strideA;
        long lastB = bOffset + (long) (batch - 1) * strideB;
        long lastC = cOffset + (long) (batch - 1) * strideC;
        checkOperand("A", a, aOffset, lda, transA ? k : m, transA ? m : k);
        checkOperand("A (last batch item)", a, lastA, lda, transA ? k : m, transA ? m : k);
        checkOperand("B", b, bOffset, ldb, transB ? n : k, transB ? k : n);
        checkOperand("B (last batch item)", b, lastB, ldb, transB ? n : k, transB ? k : n);
        checkOperand("C", c, cOffset, ldc, m, n);
        checkOperand("C (last batch item)", c, lastC, ldc, m, n);
        if (batch > 1 && m > 0 && n > 0 && (long) strideC < (long) (m - 1) * ldc + n) {
            throw new IllegalArgumentException("strideC " + strideC + " makes the " + m + " x " + n
                    + " outputs (ldc " + ldc + ") of consecutive batch items overlap");
        }
        Parallel.RangeBody items = (start, end) -> {
            for (int i = start; i < end; i++) {
                run(tile, transA, transB, m, n, k, alpha, a, aOffset + i * strideA, lda,
                        b, bOffset + i * strideB, ldb, beta, c, cOffset + i * strideC, ldc);
            }
        };
        if (splitByItem(m, n, k, batch)) {
            // each worker takes whole items; the products inside them then run on that worker alone
            Parallel.forRange(batch, 1, items);
        } else {
            items.run(0, batch);
        }
    }

    /** Whole items per thread, unless there are large items that would not share out evenly. */
    private static boolean splitByItem(int m, int n, int k, int batch) {
        int threads = Parallel.threads();
        boolean smallItems = 2L * m * n * k < LARGE_ITEM_FLOPS;
        return smallItems || batch % threads == 0 || batch >= 4 * threads;
    }

    private static void run(GemmTile tile, boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                            float beta, float[] c, int cOffset, int ldc) {
        if (m > 0 && n > 0 && k > 0 && alpha != 0f && GemmVector.handles(m, n, k)) {
            GemmVector.multiply(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            return;
        }
        product(tile, transA, m, n, k, alpha, a, aOffset, lda, panels(transB, b, bOffset, ldb), beta, c, cOffset, ldc);
    }

    private static void product(GemmTile tile, boolean transA, int m, int n, int k, float alpha,
                                float[] a, int aOffset, int lda, GemmPanelSource b,
                                float beta, float[] c, int cOffset, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (alpha == 0f || k == 0) {
            scale(m, n, beta, c, cOffset, ldc);
            return;
        }
        GemmDriver.multiply(tile, transA, m, n, k, alpha, a, aOffset, lda, b, beta, c, cOffset, ldc);
    }

    /** C = beta * C, with beta == 0 writing zeros whatever C held. */
    static void scale(int m, int n, float beta, float[] c, int cOffset, int ldc) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = cOffset + i * ldc;
            if (beta == 0f) {
                Arrays.fill(c, row, row + n, 0f);
            } else {
                for (int j = row; j < row + n; j++) {
                    c[j] *= beta;
                }
            }
        }
    }

    private static void checkDims(int m, int n, int k) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative GEMM size m=" + m + ", n=" + n + ", k=" + k);
        }
    }

    /** Checks that a rows x cols matrix with leading dimension ld at offset fits in the array. */
    private static void checkOperand(String name, float[] x, long offset, int ld, int rows, int cols) {
        if (x == null) {
            throw new NullPointerException(name + " is null");
        }
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(name + ": leading dimension " + ld + " is smaller than its "
                    + rows + " x " + cols + " row width " + cols);
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        long last = offset + (long) (rows - 1) * ld + cols;
        if (offset < 0 || last > x.length) {
            throw new IndexOutOfBoundsException(name + ": a " + rows + " x " + cols + " matrix with leading dimension "
                    + ld + " at offset " + offset + " needs " + last + " values, array holds " + x.length);
        }
    }
}
