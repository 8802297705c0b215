package dev.jgan.nn.autograd;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.ChannelOps;
import dev.jgan.tensor.kernels.MatMul;
import dev.jgan.tensor.kernels.Reductions;

/** Differentiable matrix products: matmul, batched matmul, linear. */
public final class LinearAlgebra {
    private LinearAlgebra() {}

    /** a [m, k] times b [k, n]. */
    public static Var matmul(Var a, Var b) {
        Shapes.requireRank("matmul left operand", a.tensor(), 2);
        Shapes.requireRank("matmul right operand", b.tensor(), 2);
        Op op = Op.begin("matmul");
        Tensor av = a.tensor();
        Tensor bv = b.tensor();
        Tensor y = MatMul.matmul(av, bv, false, false);
        Node da = a.node();
        Node db = b.node();
        // y = a b  =>  da = dy b^T, db = a^T dy
        return op.output(y, dy -> {
            da.accumulate(() -> MatMul.matmul(dy, bv, false, true));
            db.accumulate(() -> MatMul.matmul(av, dy, true, false));
        }, a, b);
    }

    /**
     * Per-sample products of rank-3 operands, each optionally transposed in its last two
     * axes: y[i] = op(a[i]) op(b[i]).
     */
    public static Var bmm(Var a, boolean transA, Var b, boolean transB) {
        Shapes.requireRank("bmm left operand", a.tensor(), 3);
        Shapes.requireRank("bmm right operand", b.tensor(), 3);
        Op op = Op.begin("bmm");
        Tensor av = a.tensor();
        Tensor bv = b.tensor();
        Tensor y = MatMul.matmul(av, bv, transA, transB);
        Node da = a.node();
        Node db = b.node();
        // y = A B with A = op(a), B = op(b)  =>  dA = dy B^T, dB = A^T dy; where op transposes, so does the result
        return op.output(y, dy -> {
            da.accumulate(() -> transA
                    ? MatMul.matmul(bv, dy, transB, true)
                    : MatMul.matmul(dy, bv, false, !transB));
            db.accumulate(() -> transB
                    ? MatMul.matmul(dy, av, true, transA)
                    : MatMul.matmul(av, dy, !transA, false));
        }, a, b);
    }

    /** x [N, in], weight [out, in], bias [out] or null: y [N, out] (as torch.nn.functional.linear). */
    public static Var linear(Var x, Var weight, Var bias) {
        Shapes.requireRank("linear input", x.tensor(), 2);
        Shapes.requireShape("linear weight", weight.tensor(), weight.dim(0), x.dim(1));
        Op op = Op.begin("linear");
        Tensor xv = x.tensor();
        Tensor w = weight.tensor();
        Tensor xw = MatMul.matmul(xv, w, false, true);
        Tensor y = bias == null ? xw : ChannelOps.addRowBiasInto(xw, bias.tensor(), xw);
        Node dx = x.node();
        Node dw = weight.node();
        Node db = bias == null ? null : bias.node();
        // y = x W^T + b  =>  dx = dy W, dW = dy^T x, db = column sums of dy
        return op.output(y, dy -> {
            dx.accumulate(() -> MatMul.matmul(dy, w, false, false));
            dw.accumulate(() -> MatMul.matmul(dy, xv, true, false));
            if (db != null) {
                db.accumulate(() -> Reductions.columnSums(dy));
            }
        }, x, weight, bias);
    }
}
