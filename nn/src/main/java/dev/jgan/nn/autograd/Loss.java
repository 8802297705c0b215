package dev.jgan.nn.autograd;

import dev.jgan.nn.backend.BceWithLogits;
import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Elementwise;
import dev.jgan.tensor.kernels.Reductions;
import dev.jgan.tensor.kernels.Softmax;

/** Differentiable losses, averaged over all elements. Targets are constants. */
public final class Loss {
    private Loss() {}

    /**
     * Binary cross-entropy of sigmoid(x) against targets t in [0, 1], in the stable form
     * mean(max(x, 0) - x t + log(1 + exp(-|x|))).
     */
    public static Var bceWithLogits(Var x, Tensor target) {
        Shapes.requireSame("bceWithLogits target", x.shape(), target.shape());
        return bceWithLogits(Op.begin("bceWithLogits", x), x, target);
    }

    /** Binary cross-entropy with every target equal to {@code target} (1 for real, 0 for fake). */
    public static Var bceWithLogits(Var x, float target) {
        Op op = Op.begin("bceWithLogits", x);
        Tensor targets = op.buffer(x.shape());
        targets.fill(target);
        return bceWithLogits(op, x, targets);
    }

    private static Var bceWithLogits(Op op, Var x, Tensor target) {
        Tensor logits = x.tensor();
        int[] shape = logits.shape();
        Tensor y = op.buffer();
        y.data()[0] = BceWithLogits.mean(logits, target, op.buffer(shape), op.buffer(shape), op.buffer(shape));
        int n = logits.size();
        Node dx = x.node();
        // L = mean(softplus(x) - x t)  =>  dx = dL (sigmoid(x) - t) / n
        return op.output(y, dy -> dx.accumulateInto(out -> BceWithLogits.gradientInto(logits, target, dy.item() / n, out)), x);
    }

    /**
     * Softmax cross-entropy of logits x [N, C] against class labels (one per row, in [0, C)),
     * averaged over rows: mean_i(logsumexp(x_i) - x_i[label_i]), with the row maximum taken out
     * of the exponent so large logits cannot overflow.
     */
    public static Var crossEntropy(Var x, int[] labels) {
        Tensor logits = x.tensor();
        if (logits.rank() != 2 || logits.dim(0) != labels.length) {
            throw new IllegalArgumentException("crossEntropy: logits must be [N, C] with N = " + labels.length
                    + " labels, got " + logits.shapeString());
        }
        int n = labels.length;
        int classes = logits.dim(1);
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("crossEntropy: label " + labels[i] + " of row " + i
                        + " is outside [0, " + classes + ") for logits " + logits.shapeString());
            }
        }
        Op op = Op.begin("crossEntropy");
        float[] v = logits.data();
        double total = 0;
        for (int i = 0; i < n; i++) {
            int row = i * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, v[row + c]);
            }
            double sumExp = 0;
            for (int c = 0; c < classes; c++) {
                sumExp += Math.exp(v[row + c] - max);
            }
            total += max + Math.log(sumExp) - v[row + labels[i]];
        }
        Tensor y = Tensor.scalar((float) (total / n));
        Node dx = x.node();
        // L = mean_i(logsumexp(x_i) - x_i[l_i])  =>  dx = dL (softmax(x) - onehot(l)) / N
        return op.output(y, dy -> dx.accumulate(() -> {
            Tensor p = Softmax.forward(logits, 1);
            float[] d = p.data();
            for (int i = 0; i < n; i++) {
                d[i * classes + labels[i]] -= 1f;
            }
            return Elementwise.scale(p, dy.item() / n);
        }), x);
    }

    /** Mean squared error mean((x - t)^2). */
    public static Var mse(Var x, Tensor target) {
        Shapes.requireSame("mse target", x.shape(), target.shape());
        Op op = Op.begin("mse");
        Tensor diff = Elementwise.sub(x.tensor(), target);
        int n = diff.size();
        Tensor y = Tensor.scalar((float) (Reductions.dot(diff, diff) / n));
        Node dx = x.node();
        // L = mean((x - t)^2)  =>  dx = dL 2 (x - t) / n
        return op.output(y, dy -> dx.accumulate(() -> Elementwise.scale(diff, 2f * dy.item() / n)), x);
    }
}
