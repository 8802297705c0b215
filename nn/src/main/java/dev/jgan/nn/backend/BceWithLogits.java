package dev.jgan.nn.backend;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Activations;
import dev.jgan.tensor.kernels.Elementwise;
import dev.jgan.tensor.kernels.Reductions;

/**
 * Binary cross-entropy of sigmoid(x) against targets t, on the CPU: the math behind the autograd
 * op {@code Loss.bceWithLogits} and {@link CpuBackend}'s loss, in one place.
 */
public final class BceWithLogits {
    private BceWithLogits() {}

    /**
     * mean(max(x, 0) - x t + log(1 + exp(-|x|))) over every element, computed in the buffers
     * {@code positive}, {@code softplus} and {@code perElement} (each x's shape, overwritten).
     */
    public static float mean(Tensor logits, Tensor target, Tensor positive, Tensor softplus, Tensor perElement) {
        Shapes.requireSame("bceWithLogits target", logits.shape(), target.shape());
        Activations.reluInto(logits, positive);
        Elementwise.addScaledInto(logits, positive, -2f, softplus);
        Activations.expInto(softplus, softplus);
        Elementwise.addScalarInto(softplus, 1f, softplus);
        Activations.logInto(softplus, softplus);
        Elementwise.mulInto(logits, target, perElement);
        Elementwise.subInto(positive, perElement, perElement);
        Elementwise.addInto(perElement, softplus, perElement);
        return (float) Reductions.mean(perElement);
    }

    /** Writes dx = scale (sigmoid(x) - t) (overwriting it); the mean's gradient has scale = dL / n. */
    public static void gradientInto(Tensor logits, Tensor target, float scale, Tensor dx) {
        // L = mean(softplus(x) - x t)  =>  dx = dL (sigmoid(x) - t) / n
        Activations.sigmoidInto(logits, dx);
        Elementwise.subInto(dx, target, dx);
        Elementwise.scaleInto(dx, scale, dx);
    }
}
