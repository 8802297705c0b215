package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;

/** Matrix products of whole tensors, on top of {@link Gemm}. */
public final class MatMul {
    private MatMul() {}

    /**
     * op(a) * op(b) for rank-2 operands ([m, k] x [k, n] -> [m, n], with a stored as [k, m]
     * when {@code transA} and b stored as [n, k] when {@code transB}), or batched for rank-3
     * a [batch, ., .] with b either [batch, ., .] or a rank-2 matrix shared by every item.
     */
    public static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        Product p = product(a, b, transA, transB);
        Tensor c = p.batched() ? Tensor.zeros(p.batch, p.m, p.n) : Tensor.zeros(p.m, p.n);
        p.run(a, b, c);
        return c;
    }

    /** Writes {@link #matmul}'s result into {@code out} (overwriting it), which must have the result's shape. */
    public static Tensor matmulInto(Tensor a, Tensor b, boolean transA, boolean transB, Tensor out) {
        Product p = product(a, b, transA, transB);
        if (p.batched()) {
            Shapes.requireShape("matmul output", out, p.batch, p.m, p.n);
        } else {
            Shapes.requireShape("matmul output", out, p.m, p.n);
        }
        p.run(a, b, out);
        return out;
    }

    /** The sizes of one checked product: batch items of m x k times k x n. */
    private record Product(int rank, int batch, int m, int n, int k, boolean transA, boolean transB) {
        boolean batched() {
            return rank == 3;
        }

        void run(Tensor a, Tensor b, Tensor c) {
            int aRows = a.dim(rank - 2);
            int aCols = a.dim(rank - 1);
            int bRows = b.dim(b.rank() - 2);
            int bCols = b.dim(b.rank() - 1);
            int strideB = b.rank() == 3 ? bRows * bCols : 0;
            Gemm.sgemmBatched(transA, transB, m, n, k, 1f, a.data(), 0, Math.max(1, aCols), aRows * aCols,
                    b.data(), 0, Math.max(1, bCols), strideB, 0f, c.data(), 0, Math.max(1, n), m * n, batch);
        }
    }

    private static Product product(Tensor a, Tensor b, boolean transA, boolean transB) {
        int rank = a.rank();
        if (rank != 2 && rank != 3 || b.rank() != 2 && b.rank() != rank) {
            throw new IllegalArgumentException("matmul: operands must be rank-2 x rank-2 or rank-3 x rank-3/rank-2,"
                    + " found a " + a.shapeString() + " and b " + b.shapeString());
        }
        int batch = rank == 3 ? a.dim(0) : 1;
        if (b.rank() == 3 && b.dim(0) != batch) {
            throw new IllegalArgumentException("matmul: batch sizes differ, a " + a.shapeString()
                    + " and b " + b.shapeString());
        }
        int aRows = a.dim(rank - 2);
        int aCols = a.dim(rank - 1);
        int bRows = b.dim(b.rank() - 2);
        int bCols = b.dim(b.rank() - 1);
        int m = transA ? aCols : aRows;
        int k = transA ? aRows : aCols;
        int kb = transB ? bCols : bRows;
        int n = transB ? bRows : bCols;
        if (k != kb) {
            throw new IllegalArgumentException("matmul: inner dimensions differ (" + k + " vs " + kb + ") for a "
                    + a.shapeString() + (transA ? " transposed" : "") + " and b " + b.shapeString()
                    + (transB ? " transposed" : ""));
        }
        return new Product(rank, batch, m, n, k, transA, transB);
    }
}
