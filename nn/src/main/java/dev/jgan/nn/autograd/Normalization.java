package dev.jgan.nn.autograd;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.BatchNorm;
import dev.jgan.tensor.kernels.ChannelOps;
import dev.jgan.tensor.kernels.Elementwise;
import dev.jgan.tensor.kernels.Rectifier;
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
        return batchNormTrain(x, gamma, beta, runningMean, runningVar, momentum, eps, null);
    }

    /**
     * {@link #batchNormTrain} followed by a ReLU or leaky ReLU, one pass forward and one backward
     * with no tensor for the normalised value in between: the same values and gradients, bit for
     * bit, as the two ops one after the other.
     */
    public static Var batchNormTrainActivated(Var x, Var gamma, Var beta, Tensor runningMean, Tensor runningVar,
                                              float momentum, float eps, Rectifier activation) {
        return batchNormTrain(x, gamma, beta, runningMean, runningVar, momentum, eps, activation);
    }

    private static Var batchNormTrain(Var x, Var gamma, Var beta, Tensor runningMean, Tensor runningVar,
                                      float momentum, float eps, Rectifier activation) {
        Op op = Op.begin(activation == null ? "batchNorm" : "batchNormRectified", x, gamma, beta);
        Tensor xv = x.tensor();
        Tensor g = value(gamma);
        Tensor b = value(beta);
        int channels = xv.rank() < 2 ? 1 : xv.dim(1); // (a bad rank is reported by the kernel)
        Tensor y = op.buffer(x.shape());
        Tensor mean = op.buffer(channels);
        Tensor invstd = op.buffer(channels);
        if (activation == null) {
            BatchNorm.trainForwardInto(xv, g, b, runningMean, runningVar, momentum, eps, y, mean, invstd);
        } else {
            BatchNorm.trainForwardActivatedInto(xv, g, b, runningMean, runningVar, momentum, eps, activation,
                    y, mean, invstd);
        }
        Node dx = x.node();
        Node dgamma = node(gamma);
        Node dbeta = node(beta);
        // y = gamma xhat + beta, xhat = (x - mean) invstd  =>  dbeta = sum(dy), dgamma = sum(dy xhat), dx = gamma invstd (dy - mean(dy) - xhat mean(dy xhat))
        // with an activation, y = act(z) for that z  =>  the same with dz = dy act'(z), the sign of z recomputed from x
        return op.output(y, dy -> {
            Tensor gx = dx.contributionBuffer();
            Tensor ggamma = dgamma == null ? null : dgamma.contributionBuffer();
            Tensor gbeta = dbeta == null ? null : dbeta.contributionBuffer();
            if (activation == null) {
                BatchNorm.backwardInto(dy, xv, g, mean, invstd, gx, ggamma, gbeta);
            } else {
                BatchNorm.backwardActivatedInto(dy, activation, xv, g, b, mean, invstd, gx, ggamma, gbeta);
            }
            addIfWanted(dx, gx);
            addIfWanted(dgamma, ggamma);
            addIfWanted(dbeta, gbeta);
        }, x, gamma, beta);
    }

    private static void addIfWanted(Node n, Tensor contribution) {
        if (contribution != null) {
            n.addContribution(contribution);
        }
    }

    /**
     * Batch norm with fixed statistics (evaluation): y = (x - runningMean) invstd gamma + beta,
     * invstd = 1 / sqrt(runningVar + eps). gamma and beta may be null.
     */
    public static Var batchNormEval(Var x, Var gamma, Var beta, Tensor runningMean, Tensor runningVar, float eps) {
        Op op = Op.begin("batchNormEval");
        Tensor xv = x.tensor();
        Tensor g = value(gamma);
        Tensor y = BatchNorm.evalForward(xv, g, value(beta), runningMean, runningVar, eps);
        Tensor mean = runningMean.copy();
        Tensor var = runningVar.copy();
        Node dx = x.node();
        Node dgamma = node(gamma);
        Node dbeta = node(beta);
        // y = gamma xhat + beta, xhat = (x - mean) invstd with fixed statistics  =>  dx = dy gamma invstd, dgamma = sum(dy xhat), dbeta = sum(dy)
        return op.output(y, dy -> {
            // dy gamma invstd is dy normalised with mean 0 and the same variance
            dx.accumulate(() -> BatchNorm.evalForward(dy, g, null, Tensor.zeros(mean.shape()), var, eps));
            if (dgamma != null) {
                dgamma.accumulate(() -> Reductions.sumChannelsProduct(dy, BatchNorm.evalForward(xv, null, null, mean, var, eps)));
            }
            if (dbeta != null) {
                dbeta.accumulate(() -> Reductions.sumChannels(dy));
            }
        }, x, gamma, beta);
    }

    /** y = x scale[c] + shift[c] for x [N, C, ...]; shift may be null. */
    public static Var channelAffine(Var x, Var scale, Var shift) {
        Op op = Op.begin("channelAffine");
        Tensor xv = x.tensor();
        Tensor s = scale.tensor();
        Tensor y = ChannelOps.scaleShift(xv, s, value(shift));
        Node dx = x.node();
        Node ds = scale.node();
        Node db = node(shift);
        // y = x s[c] + b[c]  =>  dx = dy s[c], ds[c] = sum over n, hw of dy x, db[c] = sum over n, hw of dy
        return op.output(y, dy -> {
            dx.accumulate(() -> ChannelOps.mulChannels(dy, s));
            ds.accumulate(() -> Reductions.sumChannelsProduct(dy, xv));
            if (db != null) {
                db.accumulate(() -> Reductions.sumChannels(dy));
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
        Shapes.requireShape("sampleChannelAffine scale", scale.tensor(), n, c);
        Shapes.requireShape("sampleChannelAffine shift", shift.tensor(), n, c);
        int[] asChannels = x.shape();
        asChannels[0] = 1;
        asChannels[1] = n * c;
        Var y = channelAffine(ShapeOps.reshape(x, asChannels), ShapeOps.reshape(scale, n * c), ShapeOps.reshape(shift, n * c));
        return ShapeOps.reshape(y, x.shape());
    }

    /**
     * Spectral normalisation as torch.nn.utils.spectral_norm computes it: y = w / sigma with
     * sigma = u^T W v, W = {@link #spectralMatrix}(w, dim); u [rows] and v [rest] are
     * constants (copied here, so later power iterations do not change this op's backward).
     */
    public static Var spectralNormalise(Var w, int dim, Tensor u, Tensor v) {
        Op op = Op.begin("spectralNorm", w);
        Tensor weight = w.tensor();
        Tensor matrix = spectralMatrix(weight, dim);
        int rows = matrix.dim(0);
        int cols = matrix.dim(1);
        Shapes.requireShape("spectral norm u for a weight of shape " + weight.shapeString(), u, rows);
        Shapes.requireShape("spectral norm v for a weight of shape " + weight.shapeString(), v, cols);
        Tensor uFixed = op.buffer(rows);
        uFixed.copyFrom(u);
        Tensor vFixed = op.buffer(cols);
        vFixed.copyFrom(v);
        float sigma = SpectralNormMath.sigma(matrix, uFixed, vFixed, op.buffer(rows, 1));
        Tensor y = Elementwise.scaleInto(weight, 1f / sigma, op.buffer(weight.shape()));
        Tensor uvT = op.buffer(rows, cols);
        Node dw = w.node();
        // y = w / s, s = u^T W v  =>  dw = dy / s - (<dy, w> / s^2) u v^T, u v^T laid out as w
        return op.output(y, dy -> dw.accumulateInto(out -> SpectralNormMath.gradientInto(dy, weight,
                fromSpectralMatrix(SpectralNormMath.outerInto(uFixed, vFixed, uvT), weight.shape(), dim), sigma,
                out)), w);
    }

    /**
     * The matrix whose largest singular value spectral norm divides by: w with axis
     * {@code dim} (0, or 1 as PyTorch uses for transposed convolutions) first, as
     * [w.dim(dim), rest].
     */
    public static Tensor spectralMatrix(Tensor w, int dim) {
        return switch (dim) {
            case 0 -> w.reshape(w.dim(0), -1);
            case 1 -> w.permute(firstTwoSwapped(w.rank())).reshape(w.dim(1), -1);
            default -> throw new IllegalArgumentException("spectral norm over axis " + dim + " of a weight of shape "
                    + w.shapeString() + "; only axes 0 and 1 are supported");
        };
    }

    /** The inverse of {@link #spectralMatrix}: a [rows, rest] matrix back in the layout of a weight of {@code shape}. */
    private static Tensor fromSpectralMatrix(Tensor matrix, int[] shape, int dim) {
        if (dim == 0) {
            return matrix.reshape(shape);
        }
        int[] axes = firstTwoSwapped(shape.length);
        int[] swapped = shape.clone();
        swapped[0] = shape[1];
        swapped[1] = shape[0];
        return matrix.reshape(swapped).permute(axes);
    }

    private static int[] firstTwoSwapped(int rank) {
        int[] axes = new int[rank];
        for (int i = 0; i < rank; i++) {
            axes[i] = i;
        }
        axes[0] = 1;
        axes[1] = 0;
        return axes;
    }

    /** exp(x) / sum(exp(x)) along {@code axis} (negative counts from the end). */
    public static Var softmax(Var x, int axis) {
        Op op = Op.begin("softmax");
        Tensor y = Softmax.forward(x.tensor(), axis);
        Node dx = x.node();
        // y = exp(x) / sum(exp(x))  =>  dx = y (dy - sum(dy y)) along the axis
        return op.output(y, dy -> dx.accumulate(() -> Softmax.backward(dy, y, axis)), x);
    }

    private static Tensor value(Var v) {
        return v == null ? null : v.tensor();
    }

    private static Node node(Var v) {
        return v == null ? null : v.node();
    }
}
