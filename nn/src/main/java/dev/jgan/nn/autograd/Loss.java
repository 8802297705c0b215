package dev.jgan.nn.autograd;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Activations;
import dev.jgan.tensor.kernels.Elementwise;
import dev.jgan.tensor.kernels.Reductions;

/** Differentiable losses, averaged over all elements. Targets are constants. */
public final class Loss {
    private Loss() {}

    /**
     * Binary cross-entropy of sigmoid(x) against targets t in [0, 1], in the stable form
     * mean(max(x, 0) - x t + log(1 + exp(-|x|))).
     */
    public static Var bceWithLogits(Var x, Tensor target) {
        Shapes.requireSame("bceWithLogits target", x.shape(), target.shape());
        Op op = Op.begin("bceWithLogits");
        Tensor logits = x.value();
        Tensor positive = Activations.relu(logits);
        Tensor minusAbs = Elementwise.addScaled(logits, positive, -2f);
        Tensor softplusOfMinusAbs = Activations.log(Elementwise.addScalar(Activations.exp(minusAbs), 1f));
        Tensor perElement = Elementwise.add(Elementwise.sub(positive, Elementwise.mul(logits, target)), softplusOfMinusAbs);
        int n = logits.size();
        Tensor y = Tensor.scalar((float) Reductions.mean(perElement));
        Node dx = x.node();
        // L = mean(softplus(x) - x t)  =>  dx = dL (sigmoid(x) - t) / n
        return op.output(y, dy -> dx.accumulate(() ->
                Elementwise.scale(Elementwise.sub(Activations.sigmoid(logits), target), dy.item() / n)), x);
    }

    /** Binary cross-entropy with every target equal to {@code target} (1 for real, 0 for fake). */
    public static Var bceWithLogits(Var x, float target) {
        return bceWithLogits(x, Tensor.full(target, x.shape()));
    }

    /** Mean squared error mean((x - t)^2). */
    public static Var mse(Var x, Tensor target) {
        Shapes.requireSame("mse target", x.shape(), target.shape());
        Op op = Op.begin("mse");
        Tensor diff = Elementwise.sub(x.value(), target);
        int n = diff.size();
        Tensor y = Tensor.scalar((float) (Reductions.dot(diff, diff) / n));
        Node dx = x.node();
        // L = mean((x - t)^2)  =>  dx = dL 2 (x - t) / n
        return op.output(y, dy -> dx.accumulate(() -> Elementwise.scale(diff, 2f * dy.item() / n)), x);
    }
}
