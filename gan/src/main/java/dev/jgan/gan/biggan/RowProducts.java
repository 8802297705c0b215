package dev.jgan.gan.biggan;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Gemm;

/** Products of rows with a stored weight matrix, written into a given output (a linear layer without bias). */
final class RowProducts {
    private RowProducts() {}

    /** out [N, M] = a [N, K] times b [M, K] transposed; the same GEMM call as {@code MatMul.matmul(a, b, false, true)}. */
    static Tensor timesTransposed(Tensor a, Tensor b, Tensor out) {
        Shapes.requireRank("rows", a, 2);
        Shapes.requireRank("weight", b, 2);
        Shapes.requireShape("weight for rows of shape " + a.shapeString(), b, b.dim(0), a.dim(1));
        Shapes.requireShape("product of " + a.shapeString() + " and " + b.shapeString() + " transposed", out,
                a.dim(0), b.dim(0));
        int n = a.dim(0), m = b.dim(0), k = a.dim(1);
        Gemm.sgemm(false, true, n, m, k, 1f, a.data(), 0, Math.max(1, k), b.data(), 0, Math.max(1, k),
                0f, out.data(), 0, Math.max(1, m));
        return out;
    }
}
