package dev.jgan.nn.layers;

import dev.jgan.nn.Layer;
import dev.jgan.nn.autograd.Normalization;
import dev.jgan.nn.autograd.Var;
import dev.jgan.tensor.Tensor;

/**
 * Batch norm over the channels of x [N, C, ...]: batch statistics in training (and the
 * running statistics move by {@code momentum}), running statistics in evaluation.
 * Parameters weight [C] (ones) and bias [C] (zeros) when affine; buffers running_mean,
 * running_var. PyTorch's num_batches_tracked is not kept (momentum is fixed).
 */
public final class BatchNorm2d extends Layer {
    private final float momentum;
    private final float eps;
    private final boolean affine;

    public BatchNorm2d(int channels, float momentum, float eps, boolean affine) {
        this.momentum = momentum;
        this.eps = eps;
        this.affine = affine;
        if (affine) {
            addParam("weight", Tensor.ones(channels));
            addParam("bias", Tensor.zeros(channels));
        }
        addBuffer("running_mean", Tensor.zeros(channels));
        addBuffer("running_var", Tensor.ones(channels));
    }

    /** PyTorch's defaults: momentum 0.1, eps 1e-5, affine. */
    public BatchNorm2d(int channels) {
        this(channels, 0.1f, 1e-5f, true);
    }

    /**
     * This layer followed by {@code next}'s rectifier; in training one fused op (the same bits as
     * the two layers in turn), in evaluation the two layers in turn.
     */
    public Var forwardThen(Var x, RectifierLayer next) {
        if (!isTraining()) {
            return next.forward(forward(x));
        }
        return Normalization.batchNormTrainActivated(x, affine ? param("weight") : null, affine ? param("bias") : null,
                buffer("running_mean"), buffer("running_var"), momentum, eps, next.rectifier());
    }

    /** How far the running statistics move towards each batch's. */
    public float momentum() {
        return momentum;
    }

    /** The constant added to the variance before its square root. */
    public float eps() {
        return eps;
    }

    /** Whether the layer has weight and bias parameters. */
    public boolean isAffine() {
        return affine;
    }

    @Override
    public Var forward(Var x) {
        Var gamma = affine ? param("weight") : null;
        Var beta = affine ? param("bias") : null;
        return isTraining()
                ? Normalization.batchNormTrain(x, gamma, beta, buffer("running_mean"), buffer("running_var"), momentum, eps)
                : Normalization.batchNormEval(x, gamma, beta, buffer("running_mean"), buffer("running_var"), eps);
    }
}
