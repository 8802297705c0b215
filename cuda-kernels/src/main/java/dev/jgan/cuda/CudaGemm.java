package dev.jgan.cuda;

import static dev.jgan.cuda.DeviceShapes.requireShape;

import dev.jgan.tensor.Shapes;

/**
 * Dense float32 matrix products on the GPU (module gemm.ptx) with the semantics of the CPU's
 * {@link dev.jgan.tensor.kernels.Gemm} and {@link dev.jgan.tensor.kernels.MatMul}: row-major operands,
 * C = alpha op(A) op(B) + beta C, batched with strides (0 shares an operand), C not read when beta is 0.
 * Each instance multiplies in one {@link Precision}: FP32 (gemm.ptx) or TF32 tensor cores with float32
 * accumulation (gemm_tf32.ptx). Work is queued on the context's stream.
 */
public final class CudaGemm {
    private final CudaContext context;
    private final Precision precision;

    /** Products in float32. */
    public CudaGemm(CudaContext context) {
        this(context, Precision.FP32);
    }

    /** Products on {@code context}'s GPU and stream in {@code precision}. */
    public CudaGemm(CudaContext context, Precision precision) {
        this.context = context;
        this.precision = precision;
    }

    /**
     * {@code batch} products C_i = alpha op(A_i) op(B_i) + beta C_i, op(A) m x k and op(B) k x n, with X_i's
     * element (r, c) at {@code x[xOffset + i * strideX + r * ldx + c]} in X's stored layout, as
     * {@link dev.jgan.tensor.kernels.Gemm#sgemmBatched}.
     */
    public void sgemmBatched(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             DeviceTensor a, int aOffset, int lda, int strideA,
                             DeviceTensor b, int bOffset, int ldb, int strideB,
                             float beta, DeviceTensor c, int cOffset, int ldc, int strideC, int batch) {
        launch(transA, transB, m, n, k, alpha, a, aOffset, lda, strideA, b, bOffset, ldb, strideB, beta,
                c, cOffset, ldc, strideC, batch, null);
    }

    /**
     * out = op(a) op(b) as {@link dev.jgan.tensor.kernels.MatMul#matmulInto}: rank-2 operands ([m, k] x [k, n]
     * -> [m, n], a stored [k, m] when transA, b stored [n, k] when transB), or rank-3 a [batch, ., .] with b
     * [batch, ., .] or one rank-2 matrix shared by every item.
     */
    public void matmul(DeviceTensor a, DeviceTensor b, boolean transA, boolean transB, DeviceTensor out) {
        int rank = a.rank();
        if (rank != 2 && rank != 3 || b.rank() != 2 && b.rank() != rank) {
            throw new IllegalArgumentException("matmul: operands must be rank-2 x rank-2 or rank-3 x rank-3/rank-2,"
                    + " found a " + Shapes.toString(a.shape()) + " and b " + Shapes.toString(b.shape()));
        }
        int batch = rank == 3 ? a.dim(0) : 1;
        if (b.rank() == 3 && b.dim(0) != batch) {
            throw new IllegalArgumentException("matmul: batch sizes differ, a " + Shapes.toString(a.shape())
                    + " and b " + Shapes.toString(b.shape()));
        }
        int aRows = a.dim(rank - 2), aCols = a.dim(rank - 1);
        int bRows = b.dim(b.rank() - 2), bCols = b.dim(b.rank() - 1);
        int m = transA ? aCols : aRows, k = transA ? aRows : aCols;
        int kb = transB ? bCols : bRows, n = transB ? bRows : bCols;
        if (k != kb) {
            throw new IllegalArgumentException("matmul: inner dimensions differ (" + k + " vs " + kb + ") for a "
                    + Shapes.toString(a.shape()) + (transA ? " transposed" : "") + " and b "
                    + Shapes.toString(b.shape()) + (transB ? " transposed" : ""));
        }
        if (rank == 3) {
            requireShape("matmul output", out, batch, m, n);
        } else {
            requireShape("matmul output", out, m, n);
        }
        int strideB = b.rank() == 3 ? bRows * bCols : 0;
        launch(transA, transB, m, n, k, 1f, a, 0, Math.max(1, aCols), aRows * aCols, b, 0, Math.max(1, bCols),
                strideB, 0f, out, 0, Math.max(1, n), m * n, batch, null);
    }

    /** y [N, M] = x [N, K] w^T + bias, with w [M, K] and bias [M] or null: a linear layer. */
    public void linear(DeviceTensor x, DeviceTensor w, DeviceTensor bias, DeviceTensor y) {
        // y = x W^T + b  =>  one GEMM with B = W read transposed and b added to every row in the epilogue
        DeviceShapes.requireRank("linear: x", x, 2);
        DeviceShapes.requireRank("linear: w", w, 2);
        int rows = x.dim(0), in = x.dim(1), features = w.dim(0);
        requireShape("linear: w for x of shape " + Shapes.toString(x.shape()), w, features, in);
        if (bias != null) {
            requireShape("linear: bias for w of shape " + Shapes.toString(w.shape()), bias, features);
        }
        requireShape("linear: y", y, rows, features);
        launch(false, true, rows, features, in, 1f, x, 0, Math.max(1, in), 0, w, 0, Math.max(1, in), 0, 0f,
                y, 0, Math.max(1, features), 0, 1, bias);
    }

    private void launch(boolean transA, boolean transB, int m, int n, int k, float alpha,
                        DeviceTensor a, int aOffset, int lda, int strideA,
                        DeviceTensor b, int bOffset, int ldb, int strideB,
                        float beta, DeviceTensor c, int cOffset, int ldc, int strideC, int batch, DeviceTensor bias) {
        if (m < 0 || n < 0 || k < 0 || batch < 0) {
            throw new IllegalArgumentException("gemm: negative size m=" + m + " n=" + n + " k=" + k + " batch=" + batch);
        }
        if (m == 0 || n == 0 || batch == 0) {
            return;
        }
        requireOperand("A", a, aOffset, lda, strideA, transA ? k : m, transA ? m : k, batch);
        requireOperand("B", b, bOffset, ldb, strideB, transB ? n : k, transB ? k : n, batch);
        requireOperand("C", c, cOffset, ldc, strideC, m, n, batch);
        if (batch > 1 && strideC < (long) (m - 1) * ldc + n) {
            throw new IllegalArgumentException("gemm: C items of " + m + " x " + n + " (ldc " + ldc
                    + ") overlap with stride " + strideC);
        }
        new KernelArgs().address(element(a, aOffset)).address(element(b, bOffset)).pointerOrNull(bias)
                .address(element(c, cOffset)).i32(m).i32(n).i32(k).f32(alpha).f32(beta)
                .i32(lda).i32(ldb).i32(ldc).i32(strideA).i32(strideB).i32(strideC)
                .launch(context, kernel(transA, transB), LaunchGeometry.gemmGrid(m, n, batch));
    }

    private Kernel kernel(boolean transA, boolean transB) {
        if (precision == Precision.TF32) {
            return transA ? (transB ? Kernel.GEMM_TT_TF32 : Kernel.GEMM_TN_TF32)
                    : (transB ? Kernel.GEMM_NT_TF32 : Kernel.GEMM_NN_TF32);
        }
        return transA ? (transB ? Kernel.GEMM_TT_FP32 : Kernel.GEMM_TN_FP32)
                : (transB ? Kernel.GEMM_NT_FP32 : Kernel.GEMM_NN_FP32);
    }

    /** X's batch items of rows x cols, stored with leading dimension ld, lie inside tensor t. */
    private static void requireOperand(String name, DeviceTensor t, int offset, int ld, int stride, int rows, int cols,
                                       int batch) {
        if (offset < 0 || stride < 0 || ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("gemm: " + name + " of " + rows + " x " + cols + " needs offset >= 0,"
                    + " stride >= 0 and leading dimension >= " + Math.max(1, cols) + ", found offset " + offset
                    + ", stride " + stride + ", ld " + ld);
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        long last = offset + (long) (batch - 1) * stride + (long) (rows - 1) * ld + cols;
        if (last > t.size()) {
            throw new IllegalArgumentException("gemm: " + name + " (" + batch + " x " + rows + " x " + cols + ", offset "
                    + offset + ", ld " + ld + ", stride " + stride + ") needs " + last + " values, tensor of shape "
                    + Shapes.toString(t.shape()) + " holds " + t.size());
        }
    }

    private static long element(DeviceTensor t, int offset) {
        return t.address() + (long) offset * Float.BYTES;
    }
}
