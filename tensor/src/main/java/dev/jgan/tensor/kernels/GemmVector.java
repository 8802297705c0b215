package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Vectors;
import jdk.incubator.vector.FloatVector;

/**
 * The products {@link Gemm} hands over when one of m, n, k is 1, where a register tile
 * would be mostly empty: matrix-vector products (C one column or one row) and rank-1
 * updates (depth 1). Nothing is packed; threads split the outputs, and every output sees
 * the same operations in the same order whatever the thread count.
 */
final class GemmVector {
    /** Multiply-adds per parallel chunk, at least. */
    private static final int MIN_CHUNK_MACS = 1 << 16;
    /** Output columns a thread keeps in registers while it sweeps the depth. */
    private static final int COLUMN_BLOCK = 4 * Vectors.LANES;
    private static final ThreadLocal<float[]> BUFFER = ThreadLocal.withInitial(() -> new float[0]);

    private GemmVector() {}

    /** Whether this class handles an m x n x k product (all positive). */
    static boolean handles(int m, int n, int k) {
        return m == 1 || n == 1 || k == 1;
    }

    /** C = alpha * op(A) * op(B) + beta * C for m, n, k > 0 with m, n or k equal to 1; arguments already checked. */
    static void multiply(boolean transA, boolean transB, int m, int n, int k, float alpha,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float beta, float[] c, int cOff, int ldc) {
        if (k == 1) {
            // C = alpha * a b^T + beta * C: a = op(A)[:, 0], b = op(B)[0, :]
            rankOne(m, n, alpha, a, aOff, transA ? 1 : lda, b, bOff, transB ? ldb : 1, beta, c, cOff, ldc);
        } else if (n == 1) {
            // c = op(A) v with v = op(B)[:, 0]
            int vStride = transB ? 1 : ldb;
            if (transA) {
                combineRows(m, k, alpha, a, aOff, lda, b, bOff, vStride, beta, c, cOff, ldc);
            } else {
                dotRows(m, k, alpha, a, aOff, lda, b, bOff, vStride, beta, c, cOff, ldc);
            }
        } else {
            // c^T = op(B)^T u with u = op(A)[0, :]
            int uStride = transA ? lda : 1;
            if (transB) {
                dotRows(n, k, alpha, b, bOff, ldb, a, aOff, uStride, beta, c, cOff, 1);
            } else {
                combineRows(n, k, alpha, b, bOff, ldb, a, aOff, uStride, beta, c, cOff, 1);
            }
        }
    }

    /** out[i * outStride] = alpha * sum_p mat[i * ld + p] v[p] + beta * out[...] for i < rows. */
    private static void dotRows(int rows, int k, float alpha, float[] mat, int matOff, int ld,
                                float[] v, int vOff, int vStride, float beta, float[] out, int outOff, int outStride) {
        Parallel.forRange(rows, Math.max(1, MIN_CHUNK_MACS / k), (r0, r1) -> {
            float[] vector = contiguous(v, vOff, vStride, k);
            int vAt = vector == v ? vOff : 0;
            for (int r = r0; r < r1; r++) {
                float sum = dot(mat, matOff + r * ld, vector, vAt, k);
                store(out, outOff + r * outStride, alpha * sum, beta);
            }
        });
    }

    /** out[j * outStride] = alpha * sum_p u[p] mat[p * ld + j] + beta * out[...] for j < cols. */
    private static void combineRows(int cols, int k, float alpha, float[] mat, int matOff, int ld,
                                    float[] u, int uOff, int uStride, float beta, float[] out, int outOff, int outStride) {
        int blocks = (cols + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
        Parallel.forRange(blocks, Math.max(1, MIN_CHUNK_MACS / (k * COLUMN_BLOCK)), (b0, b1) -> {
            for (int blk = b0; blk < b1; blk++) {
                int j0 = blk * COLUMN_BLOCK;
                int width = Math.min(COLUMN_BLOCK, cols - j0);
                if (width == COLUMN_BLOCK) {
                    combineBlock(k, alpha, mat, matOff + j0, ld, u, uOff, uStride, beta, out, outOff + j0 * outStride,
                            outStride);
                } else {
                    for (int j = j0; j < j0 + width; j++) {
                        float sum = 0f;
                        for (int p = 0; p < k; p++) {
                            sum = Math.fma(u[uOff + p * uStride], mat[matOff + p * ld + j], sum);
                        }
                        store(out, outOff + j * outStride, alpha * sum, beta);
                    }
                }
            }
        });
    }

    /** One full block of {@link #COLUMN_BLOCK} columns, four vectors held across the whole depth. */
    private static void combineBlock(int k, float alpha, float[] mat, int at, int ld, float[] u, int uOff, int uStride,
                                     float beta, float[] out, int outAt, int outStride) {
        int l = Vectors.LANES;
        FloatVector s0 = FloatVector.zero(Vectors.FLOAT);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        for (int p = 0; p < k; p++) {
            FloatVector up = FloatVector.broadcast(Vectors.FLOAT, u[uOff + p * uStride]);
            int row = at + p * ld;
            s0 = FloatVector.fromArray(Vectors.FLOAT, mat, row).fma(up, s0);
            s1 = FloatVector.fromArray(Vectors.FLOAT, mat, row + l).fma(up, s1);
            s2 = FloatVector.fromArray(Vectors.FLOAT, mat, row + 2 * l).fma(up, s2);
            s3 = FloatVector.fromArray(Vectors.FLOAT, mat, row + 3 * l).fma(up, s3);
        }
        storeLanes(s0, alpha, beta, out, outAt, outStride);
        storeLanes(s1, alpha, beta, out, outAt + l * outStride, outStride);
        storeLanes(s2, alpha, beta, out, outAt + 2 * l * outStride, outStride);
        storeLanes(s3, alpha, beta, out, outAt + 3 * l * outStride, outStride);
    }

    private static void storeLanes(FloatVector sums, float alpha, float beta, float[] out, int at, int stride) {
        for (int j = 0; j < Vectors.LANES; j++) {
            store(out, at + j * stride, alpha * sums.lane(j), beta);
        }
    }

    /** C[i, j] = alpha * x[i * xStride] y[j * yStride] + beta * C[i, j]. */
    private static void rankOne(int m, int n, float alpha, float[] x, int xOff, int xStride,
                                float[] y, int yOff, int yStride, float beta, float[] c, int cOff, int ldc) {
        Parallel.forRange(m, Math.max(1, MIN_CHUNK_MACS / n), (i0, i1) -> {
            float[] row = contiguous(y, yOff, yStride, n);
            int rowAt = row == y ? yOff : 0;
            int bound = Vectors.loopBound(n);
            for (int i = i0; i < i1; i++) {
                float s = alpha * x[xOff + i * xStride];
                FloatVector sv = FloatVector.broadcast(Vectors.FLOAT, s);
                int ci = cOff + i * ldc;
                int j = 0;
                if (beta == 0f) {
                    for (; j < bound; j += Vectors.LANES) {
                        FloatVector.fromArray(Vectors.FLOAT, row, rowAt + j).mul(sv).intoArray(c, ci + j);
                    }
                    for (; j < n; j++) {
                        c[ci + j] = row[rowAt + j] * s;
                    }
                } else {
                    FloatVector bv = FloatVector.broadcast(Vectors.FLOAT, beta);
                    for (; j < bound; j += Vectors.LANES) {
                        FloatVector cv = FloatVector.fromArray(Vectors.FLOAT, c, ci + j).mul(bv);
                        FloatVector.fromArray(Vectors.FLOAT, row, rowAt + j).fma(sv, cv).intoArray(c, ci + j);
                    }
                    for (; j < n; j++) {
                        c[ci + j] = Math.fma(row[rowAt + j], s, c[ci + j] * beta);
                    }
                }
            }
        });
    }

    /** sum_p a[aAt + p] b[bAt + p] in four vector accumulators, then the scalar tail. */
    private static float dot(float[] a, int aAt, float[] b, int bAt, int k) {
        int l = Vectors.LANES;
        FloatVector s0 = FloatVector.zero(Vectors.FLOAT);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int p = 0;
        for (; p + 4 * l <= k; p += 4 * l) {
            s0 = FloatVector.fromArray(Vectors.FLOAT, a, aAt + p).fma(FloatVector.fromArray(Vectors.FLOAT, b, bAt + p), s0);
            s1 = FloatVector.fromArray(Vectors.FLOAT, a, aAt + p + l)
                    .fma(FloatVector.fromArray(Vectors.FLOAT, b, bAt + p + l), s1);
            s2 = FloatVector.fromArray(Vectors.FLOAT, a, aAt + p + 2 * l)
                    .fma(FloatVector.fromArray(Vectors.FLOAT, b, bAt + p + 2 * l), s2);
            s3 = FloatVector.fromArray(Vectors.FLOAT, a, aAt + p + 3 * l)
                    .fma(FloatVector.fromArray(Vectors.FLOAT, b, bAt + p + 3 * l), s3);
        }
        for (; p + l <= k; p += l) {
            s0 = FloatVector.fromArray(Vectors.FLOAT, a, aAt + p).fma(FloatVector.fromArray(Vectors.FLOAT, b, bAt + p), s0);
        }
        float sum = Vectors.sumLanes(s0.add(s1).add(s2.add(s3)));
        for (; p < k; p++) {
            sum = Math.fma(a[aAt + p], b[bAt + p], sum);
        }
        return sum;
    }

    /** out[at] = value + beta * out[at], with beta 0 ignoring what out held. */
    private static void store(float[] out, int at, float value, float beta) {
        out[at] = beta == 0f ? value : Math.fma(out[at], beta, value);
    }

    /** v itself when its stride is 1, else its k values copied into this thread's buffer. */
    private static float[] contiguous(float[] v, int off, int stride, int k) {
        if (stride == 1) {
            return v;
        }
        float[] buffer = BUFFER.get();
        if (buffer.length < k) {
            buffer = new float[k];
            BUFFER.set(buffer);
        }
        for (int p = 0; p < k; p++) {
            buffer[p] = v[off + p * stride];
        }
        return buffer;
    }
}
