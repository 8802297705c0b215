package dev.jgan.nn.layers;

import dev.jgan.nn.Module;
import dev.jgan.nn.autograd.Normalization;
import dev.jgan.nn.autograd.Pointwise;
import dev.jgan.nn.autograd.Var;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;

/**
 * Class-conditional batch norm (BigGAN): normalise x [N, C, H, W] without an affine map
 * of its own, then y = xhat (1 + gain(c)) + bias(c) with gain and bias linear maps of the
 * condition c [N, condDim], one scale and shift per sample and channel.
 */
public final class ConditionalBatchNorm2d extends Module {
    private final Linear gain;
    private final Linear bias;
    private final float momentum;
    private final float eps;

    public ConditionalBatchNorm2d(int channels, int condDim, float momentum, float eps, boolean linearBias, Rng rng) {
        this.momentum = momentum;
        this.eps = eps;
        gain = addChild("gain", new Linear(condDim, channels, linearBias, rng));
        bias = addChild("bias", new Linear(condDim, channels, linearBias, rng));
        addBuffer("running_mean", Tensor.zeros(channels));
        addBuffer("running_var", Tensor.ones(channels));
    }

    public Linear gain() {
        return gain;
    }

    public Linear bias() {
        return bias;
    }

    public Var forward(Var x, Var condition) {
        Var normalised = isTraining()
                ? Normalization.batchNormTrain(x, null, null, buffer("running_mean"), buffer("running_var"), momentum, eps)
                : Normalization.batchNormEval(x, null, null, buffer("running_mean"), buffer("running_var"), eps);
        Var scale = Pointwise.addScalar(gain.forward(condition), 1f);
        return Normalization.sampleChannelAffine(normalised, scale, bias.forward(condition));
    }
}
