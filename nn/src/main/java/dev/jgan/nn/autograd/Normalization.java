package dev.jgan.nn.autograd;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.BatchNorm;
import dev.jgan.tensor.kernels.ChannelOps;
import dev.jgan.tensor.kernels.Elementwise;
import dev.jgan.tensor.kernels.MatMul;
import dev.jgan.tensor.kernels.Reductions;
import dev.jgan.tensor.kernels.Softmax;

/** Differentiable normalisations: batch norm, per-channel affine maps, spectral norm, softmax. */
public final class Normalization {
    private Normalization() {}

    /**
     * Batch norm with batch statistics (training): y = (x - mean) invstd gamma + beta, the
     * biased variance in invstd; running statistics (if not null) move by {@code momentum}
     * towards the batch mean and unbiased variance. gamma and beta may be null (no affine).
     */
    public static Var batchNormTrain(Var x, Var gamma, Var beta, Tensor runningMean, Tensor runningVar,
                                     float momentum, float eps) {
        Op op = Op.begin("batchNorm");
        BatchNorm.Forward f = BatchNorm.trainForward(x.value(), value(gamma), value(beta),
                runningMean, runningVar, momentum, eps);
        // xhat = (x - mean) invstd, M = values per channel  =>  dbeta = sum(dy), dgamma = sum(dy xhat),
        // dx = gamma invstd / M (M dy - sum(dy) - xhat sum(dy xhat))
        return op.output(f.y(), dy -> {
            Tensor dx = x.requiresGrad() ? Tensor.zeros(x.shape()) : null;
            Tensor dgamma = gamma != null && gamma.requiresGrad() ? Tensor.zeros(gamma.shape()) : null;
            Tensor dbeta = beta != null && beta.requiresGrad() ? Tensor.zeros(beta.shape()) : null;
            BatchNorm.backwardInto(dy, x.value(), value(gamma), f.mean(), f.invstd(), dx, dgamma, dbeta);
            x.accumulate(() -> dx);
            if (gamma != null) {
                gamma.accumulate(() -> dgamma);
            }
            if (beta != null) {
                beta.accumulate(() -> dbeta);
            }
        }, x, gamma, beta);
    }

    /**
     * Batch norm with fixed statistics (evaluation): y = (x - runningMean) invstd gamma + beta,
     * invstd = 1 / sqrt(runningVar + eps). gamma and beta may be null.
     */
    public static Var batchNormEval(Var x, Var gamma, Var beta, Tensor runningMean, Tensor runningVar, float eps) {
        Op op = Op.begin("batchNormEval");
        Tensor y = BatchNorm.evalForward(x.value(), value(gamma), value(beta), runningMean, runningVar, eps);
        Tensor mean = runningMean.copy();
        Tensor var = runningVar.copy();
        // y = xhat gamma + beta, xhat = (x - mean) invstd, mean and invstd fixed  =>
        // dx = dy gamma invstd, dgamma = sum(dy xhat), dbeta = sum(dy)
        return op.output(y, dy -> {
            // dy gamma invstd is dy normalised with mean 0 and the same variance
            x.accumulate(() -> BatchNorm.evalForward(dy, value(gamma), null, Tensor.zeros(mean.shape()), var, eps));
            if (gamma != null) {
                gamma.accumulate(() -> Reductions.sumChannelsProduct(dy,
                        BatchNorm.evalForward(x.value(), null, null, mean, var, eps)));
            }
            if (beta != null) {
                beta.accumulate(() -> Reductions.sumChannels(dy));
            }
        }, x, gamma, beta);
    }

    /** y = x scale[c] + shift[c] for x [N, C, ...]; shift may be null. */
    public static Var channelAffine(Var x, Var scale, Var shift) {
        Op op = Op.begin("channelAffine");
        Tensor y = ChannelOps.scaleShift(x.value(), scale.value(), shift == null ? null : shift.value());
        // y = x s[c] + b[c]  =>  dx = dy s[c], ds[c] = sum over n, hw of dy x, db[c] = sum over n, hw of dy
        return op.output(y, dy -> {
            x.accumulate(() -> ChannelOps.mulChannels(dy, scale.value()));
            scale.accumulate(() -> Reductions.sumChannelsProduct(dy, x.value()));
            if (shift != null) {
                shift.accumulate(() -> Reductions.sumChannels(dy));
            }
        }, x, scale, shift);
    }

    /**
     * y[n, c] = x[n, c] scale[n, c] + shift[n, c]: a separate affine map per sample and
     * channel (conditional batch norm). scale and shift are [N, C].
     */
    public static Var sampleChannelAffine(Var x, Var scale, Var shift) {
        int n = x.dim(0);
        int c = x.dim(1);
        Shapes.requireShape("sampleChannelAffine scale", scale.value(), n, c);
        Shapes.requireShape("sampleChannelAffine shift", shift.value(), n, c);
        int[] asChannels = x.shape();
        asChannels[0] = 1;
        asChannels[1] = n * c;
        Var y = channelAffine(ShapeOps.reshape(x, asChannels), ShapeOps.reshape(scale, n * c), ShapeOps.reshape(shift, n * c));
        return ShapeOps.reshape(y, x.shape());
    }

    /**
     * Spectral normalisation as torch.nn.utils.spectral_norm computes it: y = w / sigma with
     * sigma = u^T W v, W = w as a [rows, rest] matrix; u [rows] and v [rest] are constants
     * (copied here, so later power iterations do not change this op's backward).
     */
    public static Var spectralNormalise(Var w, Tensor u, Tensor v) {
        Op op = Op.begin("spectralNorm");
        int rows = w.dim(0);
        int cols = w.value().size() / rows;
        Shapes.requireShape("spectral norm u for a weight of shape " + w.value().shapeString(), u, rows);
        Shapes.requireShape("spectral norm v for a weight of shape " + w.value().shapeString(), v, cols);
        Tensor uFixed = u.copy();
        Tensor vFixed = v.copy();
        Tensor matrix = w.value().reshape(rows, cols);
        Tensor wv = MatMul.matmul(matrix, vFixed.reshape(cols, 1), false, false).reshape(rows);
        float sigma = (float) Reductions.sum(Elementwise.mul(uFixed, wv));
        Tensor y = Elementwise.scale(w.value(), 1f / sigma);
        // y = w / s, s = u^T W v  =>  dw = dy / s - (<dy, w> / s^2) u v^T
        return op.output(y, dy -> w.accumulate(() -> {
            double dyDotW = Reductions.sum(Elementwise.mul(dy, w.value()));
            Tensor uvT = MatMul.matmul(uFixed.reshape(rows, 1), vFixed.reshape(1, cols), false, false);
            return Elementwise.addScaled(Elementwise.scale(dy, 1f / sigma), uvT.reshape(w.shape()),
                    (float) (-dyDotW / ((double) sigma * sigma)));
        }), w);
    }

    /** exp(x) / sum(exp(x)) along {@code axis} (negative counts from the end). */
    public static Var softmax(Var x, int axis) {
        Op op = Op.begin("softmax");
        Tensor y = Softmax.forward(x.value(), axis);
        // y = exp(x) / sum(exp(x))  =>  dx = y (dy - sum(dy y)) along the axis
        return op.output(y, dy -> x.accumulate(() -> Softmax.backward(dy, y, axis)), x);
    }

    private static Tensor value(Var v) {
        return v == null ? null : v.value();
    }
}
