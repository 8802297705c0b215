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
        Op op = Op.begin("matmul", a, b);
        Tensor av = a.tensor();
        Tensor bv = b.tensor();
        Tensor y = MatMul.matmulInto(av, bv, false, false, op.buffer(av.dim(0), bv.dim(1)));
        Node da = a.node();
        Node db = b.node();
        // y = a b  =>  da = dy b^T, db = a^T dy
        return op.output(y, dy -> {
            da.accumulateInto(out -> MatMul.matmulInto(dy, bv, false, true, out));
            db.accumulateInto(out -> MatMul.matmulInto(av, dy, true, false, out));
        }, a, b);
    }

    /**
     * Per-sample products of rank-3 operands, each optionally transposed in its last two
     * axes: y[i] = op(a[i]) op(b[i]).
     */
    public static Var bmm(Var a, boolean transA, Var b, boolean transB) {
        Shapes.requireRank("bmm left operand", a.tensor(), 3);
        Shapes.requireRank("bmm right operand", b.tensor(), 3);
        Op op = Op.begin("bmm", a, b);
        Tensor av = a.tensor();
        Tensor bv = b.tensor();
        Tensor y = MatMul.matmulInto(av, bv, transA, transB,
                op.buffer(av.dim(0), av.dim(transA ? 2 : 1), bv.dim(transB ? 1 : 2)));
        Node da = a.node();
        Node db = b.node();
        // y = A B with A = op(a), B = op(b)  =>  dA = dy B^T, dB = A^T dy; where op transposes, so does the result
        return op.output(y, dy -> {
            da.accumulateInto(out -> {
                if (transA) {
                    MatMul.matmulInto(bv, dy, transB, true, out);
                } else {
                    MatMul.matmulInto(dy, bv, false, !transB, out);
                }
            });
            db.accumulateInto(out -> {
                if (transB) {
                    MatMul.matmulInto(dy, av, true, transA, out);
                } else {
                    MatMul.matmulInto(av, dy, !transA, false, out);
                }
            });
        }, a, b);
    }

    /** x [N, in], weight [out, in], bias [out] or null: y [N, out] (as torch.nn.functional.linear). */
    public static Var linear(Var x, Var weight, Var bias) {
        Shapes.requireRank("linear input", x.tensor(), 2);
        Shapes.requireShape("linear weight", weight.tensor(), weight.dim(0), x.dim(1));
        Op op = Op.begin("linear", x, weight, bias);
        Tensor xv = x.tensor();
        Tensor w = weight.tensor();
        Tensor xw = MatMul.matmulInto(xv, w, false, true, op.buffer(xv.dim(0), w.dim(0)));
        Tensor y = bias == null ? xw : ChannelOps.addRowBiasInto(xw, bias.tensor(), xw);
        Node dx = x.node();
        Node dw = weight.node();
        Node db = bias == null ? null : bias.node();
        // y = x W^T + b  =>  dx = dy W, dW = dy^T x, db = column sums of dy
        return op.output(y, dy -> {
            dx.accumulateInto(out -> MatMul.matmulInto(dy, w, false, false, out));
            dw.accumulateInto(out -> MatMul.matmulInto(dy, xv, true, false, out));
            if (db != null) {
                db.accumulateInto(out -> Reductions.columnSumsInto(dy, out));
            }
        }, x, weight, bias);
    }
}
