package dev.jgan.nn.autograd;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Reductions;

/** Differentiable reductions to a scalar. */
public final class Reduction {
    private Reduction() {}

    public static Var sum(Var x) {
        Op op = Op.begin("sum");
        Tensor y = Tensor.scalar((float) Reductions.sum(x.tensor()));
        int[] xShape = x.shape();
        Node dx = x.node();
        // y = sum_i x_i  =>  dx_i = dy
        return op.output(y, dy -> dx.accumulate(() -> Tensor.full(dy.item(), xShape)), x);
    }

    public static Var mean(Var x) {
        Op op = Op.begin("mean");
        int n = x.tensor().size();
        Tensor y = Tensor.scalar((float) Reductions.mean(x.tensor()));
        int[] xShape = x.shape();
        Node dx = x.node();
        // y = sum_i x_i / n  =>  dx_i = dy / n
        return op.output(y, dy -> dx.accumulate(() -> Tensor.full(dy.item() / n, xShape)), x);
    }
}
