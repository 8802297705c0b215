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
        Shapes.requireRank("matmul left operand", a.value(), 2);
        Shapes.requireRank("matmul right operand", b.value(), 2);
        Op op = Op.begin("matmul");
        Tensor y = MatMul.matmul(a.value(), b.value(), false, false);
        // y = a b  =>  da = dy b^T, db = a^T dy
        return op.output(y, dy -> {
            a.accumulate(() -> MatMul.matmul(dy, b.value(), false, true));
            b.accumulate(() -> MatMul.matmul(a.value(), dy, true, false));
        }, a, b);
    }

    /**
     * Per-sample products of rank-3 operands, each optionally transposed in its last two
     * axes: y[i] = op(a[i]) op(b[i]).
     */
    public static Var bmm(Var a, boolean transA, Var b, boolean transB) {
        Shapes.requireRank("bmm left operand", a.value(), 3);
        Shapes.requireRank("bmm right operand", b.value(), 3);
        Op op = Op.begin("bmm");
        Tensor y = MatMul.matmul(a.value(), b.value(), transA, transB);
        // y = A B with A = op(a), B = op(b)  =>  dA = dy B^T, dB = A^T dy; where op transposes, so does the result
        return op.output(y, dy -> {
            a.accumulate(() -> transA
                    ? MatMul.matmul(b.value(), dy, transB, true)
                    : MatMul.matmul(dy, b.value(), false, !transB));
            b.accumulate(() -> transB
                    ? MatMul.matmul(dy, a.value(), true, transA)
                    : MatMul.matmul(a.value(), dy, !transA, false));
        }, a, b);
    }

    /** x [N, in], weight [out, in], bias [out] or null: y [N, out] (as torch.nn.functional.linear). */
    public static Var linear(Var x, Var weight, Var bias) {
        Shapes.requireRank("linear input", x.value(), 2);
        Shapes.requireShape("linear weight", weight.value(), weight.dim(0), x.dim(1));
        Op op = Op.begin("linear");
        Tensor xw = MatMul.matmul(x.value(), weight.value(), false, true);
        Tensor y = bias == null ? xw : ChannelOps.addRowBiasInto(xw, bias.value(), xw);
        // y = x W^T + b  =>  dx = dy W, dW = dy^T x, db = column sums of dy
        return op.output(y, dy -> {
            x.accumulate(() -> MatMul.matmul(dy, weight.value(), false, false));
            weight.accumulate(() -> MatMul.matmul(dy, x.value(), true, false));
            if (bias != null) {
                bias.accumulate(() -> Reductions.columnSums(dy));
            }
        }, x, weight, bias);
    }
}
