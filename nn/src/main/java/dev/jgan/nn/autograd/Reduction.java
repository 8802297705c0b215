package dev.jgan.nn.autograd;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Reductions;

/** Differentiable reductions to a scalar. */
public final class Reduction {
    private Reduction() {}

    public static Var sum(Var x) {
        Op op = Op.begin("sum", x);
        Tensor y = op.buffer();
        y.data()[0] = (float) Reductions.sum(x.tensor());
        Node dx = x.node();
        // y = sum_i x_i  =>  dx_i = dy
        return op.output(y, dy -> dx.accumulateInto(out -> out.fill(dy.item())), x);
    }

    public static Var mean(Var x) {
        Op op = Op.begin("mean", x);
        int n = x.tensor().size();
        Tensor y = op.buffer();
        y.data()[0] = (float) Reductions.mean(x.tensor());
        Node dx = x.node();
        // y = sum_i x_i / n  =>  dx_i = dy / n
        return op.output(y, dy -> dx.accumulateInto(out -> out.fill(dy.item() / n)), x);
    }
}
