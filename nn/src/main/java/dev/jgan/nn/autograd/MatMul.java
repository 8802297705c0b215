package dev.jgan.nn.autograd;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Gemm;

/** Differentiable matrix products: matmul, batched matmul, linear (all via {@link Gemm}). */
public final class MatMul {
    private MatMul() {}

    /** a [m, k] times b [k, n]. */
    public static Var matmul(Var a, Var b) {
        Op op = Op.begin("matmul");
        Tensor y = product(a.value(), false, b.value(), false);
        // y = a b  =>  da = dy b^T, db = a^T dy
        return op.output(y, dy -> {
            a.accumulate(() -> product(dy, false, b.value(), true));
            b.accumulate(() -> product(a.value(), true, dy, false));
        }, a, b);
    }

    /**
     * Per-sample products of rank-3 operands, each optionally transposed in its last two
     * axes: y[i] = op(a[i]) op(b[i]).
     */
    public static Var bmm(Var a, boolean transA, Var b, boolean transB) {
        Op op = Op.begin("bmm");
        Tensor y = batchedProduct(a.value(), transA, b.value(), transB);
        // y = A B with A = op(a), B = op(b)  =>  dA = dy B^T, dB = A^T dy, transposed back where op(.) transposed
        return op.output(y, dy -> {
            a.accumulate(() -> transA
                    ? batchedProduct(b.value(), transB, dy, true)
                    : batchedProduct(dy, false, b.value(), !transB));
            b.accumulate(() -> transB
                    ? batchedProduct(dy, true, a.value(), transA)
                    : batchedProduct(a.value(), !transA, dy, false));
        }, a, b);
    }

    /** x [N, in], weight [out, in], bias [out] or null: y [N, out] (as torch.nn.functional.linear). */
    public static Var linear(Var x, Var weight, Var bias) {
        Op op = Op.begin("linear");
        Shapes.requireRank("linear input", x.value(), 2);
        Shapes.requireRank("linear weight", weight.value(), 2);
        int n = x.dim(0);
        int in = x.dim(1);
        int out = weight.dim(0);
        Shapes.requireShape("linear weight", weight.value(), out, in);
        if (bias != null) {
            Shapes.requireShape("linear bias", bias.value(), out);
        }
        Tensor y = Tensor.zeros(n, out);
        if (bias != null) {
            Gemm.sgemm(false, false, n, out, 1, 1f, Tensor.ones(n).data(), 0, 1, bias.value().data(), 0, out,
                    0f, y.data(), 0, out);
        }
        Gemm.sgemm(false, true, n, out, in, 1f, x.value().data(), 0, in, weight.value().data(), 0, in,
                bias != null ? 1f : 0f, y.data(), 0, out);
        // y = x W^T + b  =>  dx = dy W, dW = dy^T x, db = sum over rows of dy
        return op.output(y, dy -> {
            x.accumulate(() -> product(dy, false, weight.value(), false));
            weight.accumulate(() -> product(dy, true, x.value(), false));
            if (bias != null) {
                bias.accumulate(() -> product(dy, true, Tensor.ones(n, 1), false).reshape(out));
            }
        }, x, weight, bias);
    }

    /** op(a) op(b) for matrices, op = transpose when the flag is set. */
    static Tensor product(Tensor a, boolean transA, Tensor b, boolean transB) {
        Shapes.requireRank("matmul left operand", a, 2);
        Shapes.requireRank("matmul right operand", b, 2);
        int m = transA ? a.dim(1) : a.dim(0);
        int k = transA ? a.dim(0) : a.dim(1);
        int kb = transB ? b.dim(1) : b.dim(0);
        int n = transB ? b.dim(0) : b.dim(1);
        if (k != kb) {
            throw new IllegalArgumentException("matmul: inner sizes differ, left " + a.shapeString()
                    + (transA ? "^T" : "") + ", right " + b.shapeString() + (transB ? "^T" : ""));
        }
        Tensor y = Tensor.zeros(m, n);
        Gemm.sgemm(transA, transB, m, n, k, 1f, a.data(), 0, a.dim(1), b.data(), 0, b.dim(1), 0f, y.data(), 0, n);
        return y;
    }

    /** op(a[i]) op(b[i]) for each i of rank-3 operands. */
    static Tensor batchedProduct(Tensor a, boolean transA, Tensor b, boolean transB) {
        Shapes.requireRank("bmm left operand", a, 3);
        Shapes.requireRank("bmm right operand", b, 3);
        int batch = a.dim(0);
        if (b.dim(0) != batch) {
            throw new IllegalArgumentException("bmm: batch sizes differ, left " + a.shapeString() + ", right " + b.shapeString());
        }
        int m = transA ? a.dim(2) : a.dim(1);
        int k = transA ? a.dim(1) : a.dim(2);
        int kb = transB ? b.dim(2) : b.dim(1);
        int n = transB ? b.dim(1) : b.dim(2);
        if (k != kb) {
            throw new IllegalArgumentException("bmm: inner sizes differ, left " + a.shapeString()
                    + (transA ? "^T" : "") + ", right " + b.shapeString() + (transB ? "^T" : ""));
        }
        Tensor y = Tensor.zeros(batch, m, n);
        int aStride = a.dim(1) * a.dim(2);
        int bStride = b.dim(1) * b.dim(2);
        for (int i = 0; i < batch; i++) {
            Gemm.sgemm(transA, transB, m, n, k, 1f, a.data(), i * aStride, a.dim(2), b.data(), i * bStride, b.dim(2),
                    0f, y.data(), i * m * n, n);
        }
        return y;
    }
}
