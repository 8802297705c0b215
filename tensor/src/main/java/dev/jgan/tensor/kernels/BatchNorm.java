package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Batch normalisation over x[N, C, ...] per channel (for [N, C] every sample is one value
 * per channel), with PyTorch's semantics: normalise with the biased batch variance, update
 * running statistics with the unbiased one, {@code running = (1 - momentum) * running +
 * momentum * batch}. gamma and beta are [C], or both null when the layer is not affine.
 */
public final class BatchNorm {
    private static final VectorSpecies<Float> F = Vectors.FLOAT;

    private BatchNorm() {}

    /** Output of a training step and the statistics its backward pass needs. */
    public record Forward(Tensor y, Tensor mean, Tensor invstd) {}

    /** Gradients; dgamma and dbeta are null when the layer is not affine. */
    public record Gradients(Tensor dx, Tensor dgamma, Tensor dbeta) {}

    /** Training forward, allocating y and the saved statistics. */
    public static Forward trainForward(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                       float momentum, float eps) {
        int channels = ChannelOps.channels("batchNorm", x);
        Forward f = new Forward(Tensor.zeros(x.shape()), Tensor.zeros(channels), Tensor.zeros(channels));
        trainForwardInto(x, gamma, beta, runningMean, runningVar, momentum, eps, f.y(), f.mean(), f.invstd());
        return f;
    }

    /**
     * Training forward with batch statistics: y = (x - mean) * invstd * gamma + beta with
     * invstd = 1 / sqrt(var + eps), var biased. Writes y, saveMean[C] and saveInvstd[C];
     * updates runningMean/runningVar in place unless they are null. y may be x.
     */
    public static void trainForwardInto(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                        float momentum, float eps, Tensor y, Tensor saveMean, Tensor saveInvstd) {
        trainForward(x, gamma, beta, runningMean, runningVar, momentum, eps, null, y, saveMean, saveInvstd);
    }

    /**
     * {@link #trainForwardInto} followed by a ReLU or leaky ReLU in the same pass: y = act(z), z
     * the normalised value. Gives the same bits as the two kernels one after the other.
     */
    public static void trainForwardActivatedInto(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean,
                                                 Tensor runningVar, float momentum, float eps, Rectifier activation,
                                                 Tensor y, Tensor saveMean, Tensor saveInvstd) {
        trainForward(x, gamma, beta, runningMean, runningVar, momentum, eps, activation, y, saveMean, saveInvstd);
    }

    private static void trainForward(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                     float momentum, float eps, Rectifier activation, Tensor y, Tensor saveMean,
                                     Tensor saveInvstd) {
        int channels = checkParameters("batchNorm", x, gamma, beta, y);
        Shapes.requireShape("batchNorm: saveMean for x of shape " + x.shapeString(), saveMean, channels);
        Shapes.requireShape("batchNorm: saveInvstd for x of shape " + x.shapeString(), saveInvstd, channels);
        checkRunning("batchNorm", x, runningMean, runningVar, channels);
        long count = (long) x.dim(0) * ChannelOps.planeSize(x);
        if (count < 2) {
            throw new IllegalArgumentException(
                    "batchNorm: training needs more than 1 value per channel, got x of shape " + x.shapeString());
        }
        Reductions.channelMeanVarInto(x, saveMean, saveInvstd);
        float[] mean = saveMean.data(), invstd = saveInvstd.data();
        for (int c = 0; c < channels; c++) {
            double var = invstd[c];
            if (runningMean != null) {
                float[] rm = runningMean.data(), rv = runningVar.data();
                rm[c] = (float) ((1.0 - momentum) * rm[c] + (double) momentum * mean[c]);
                rv[c] = (float) ((1.0 - momentum) * rv[c] + (double) momentum * var * count / (count - 1));
            }
            invstd[c] = (float) (1.0 / Math.sqrt(var + eps));
        }
        normalize(x, mean, invstd, null, eps, gamma, beta, activation, y);
    }

    /** Evaluation forward with running statistics, allocating y. */
    public static Tensor evalForward(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                     float eps) {
        Tensor y = Tensor.zeros(x.shape());
        evalForwardInto(x, gamma, beta, runningMean, runningVar, eps, y);
        return y;
    }

    /** y = (x - runningMean) / sqrt(runningVar + eps) * gamma + beta. y may be x. */
    public static void evalForwardInto(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                       float eps, Tensor y) {
        int channels = checkParameters("batchNormEval", x, gamma, beta, y);
        if (runningMean == null || runningVar == null) {
            throw new IllegalArgumentException("batchNormEval: needs runningMean and runningVar");
        }
        checkRunning("batchNormEval", x, runningMean, runningVar, channels);
        normalize(x, runningMean.data(), null, runningVar.data(), eps, gamma, beta, null, y);
    }

    /** Training-mode backward, allocating the gradients (dgamma/dbeta only when gamma is not null). */
    public static Gradients backward(Tensor dy, Tensor x, Tensor gamma, Tensor saveMean, Tensor saveInvstd) {
        int channels = ChannelOps.channels("batchNormBackward", x);
        Gradients g = new Gradients(Tensor.zeros(x.shape()),
                gamma == null ? null : Tensor.zeros(channels), gamma == null ? null : Tensor.zeros(channels));
        backwardInto(dy, x, gamma, saveMean, saveInvstd, g.dx(), g.dgamma(), g.dbeta());
        return g;
    }

    /**
     * Training-mode backward from the statistics saved by {@link #trainForwardInto}. Any of dx,
     * dgamma, dbeta may be null to skip it; dx may be dy.
     */
    // xhat = (x - mean) * invstd, M = N*H*W  =>  dbeta = sum(dy), dgamma = sum(dy * xhat),
    // dx = gamma * invstd / M * (M * dy - sum(dy) - xhat * sum(dy * xhat))
    public static void backwardInto(Tensor dy, Tensor x, Tensor gamma, Tensor saveMean, Tensor saveInvstd,
                                    Tensor dx, Tensor dgamma, Tensor dbeta) {
        backward(dy, null, null, x, gamma, saveMean, saveInvstd, dx, dgamma, dbeta);
    }

    /**
     * Backward of {@link #trainForwardActivatedInto}, without a buffer for the gradient at the
     * normalised value z and without reading the output y: the sign of z is recomputed from x as
     * the forward pass computed z; the same bits as the activation's backward followed by
     * {@link #backwardInto}. beta is the forward pass's (null: none); dx may be dy.
     */
    // y = act(z), z = gamma xhat + beta  =>  dz = dy for z > 0, slope dy (ReLU: 0) otherwise; then as backwardInto with dz
    public static void backwardActivatedInto(Tensor dy, Rectifier activation, Tensor x, Tensor gamma, Tensor beta,
                                             Tensor saveMean, Tensor saveInvstd, Tensor dx, Tensor dgamma,
                                             Tensor dbeta) {
        if (beta != null) {
            Shapes.requireShape("batchNormBackward: beta for x of shape " + x.shapeString(), beta, x.dim(1));
        }
        backward(dy, activation, beta, x, gamma, saveMean, saveInvstd, dx, dgamma, dbeta);
    }

    private static void backward(Tensor dy, Rectifier activation, Tensor beta, Tensor x, Tensor gamma, Tensor saveMean,
                                 Tensor saveInvstd, Tensor dx, Tensor dgamma, Tensor dbeta) {
        int channels = checkParameters("batchNormBackward", x, gamma, null, dy);
        Shapes.requireShape("batchNormBackward: saveMean for x of shape " + x.shapeString(), saveMean, channels);
        Shapes.requireShape("batchNormBackward: saveInvstd for x of shape " + x.shapeString(), saveInvstd, channels);
        if (dx != null) {
            Shapes.requireSame("batchNormBackward: dx", x.shape(), dx.shape());
        }
        if (dgamma != null) {
            Shapes.requireShape("batchNormBackward: dgamma for x of shape " + x.shapeString(), dgamma, channels);
        }
        if (dbeta != null) {
            Shapes.requireShape("batchNormBackward: dbeta for x of shape " + x.shapeString(), dbeta, channels);
        }
        int batch = x.dim(0);
        int plane = ChannelOps.planeSize(x);
        float[] g = dy.data(), a = x.data(), mean = saveMean.data(), invstd = saveInvstd.data();
        float[] w = gamma == null ? null : gamma.data(), b = beta == null ? null : beta.data();
        // the forward pass's z = fma(x - mean, scale, shift), whose sign gates the activation's gradient
        float[] scale = new float[channels], shift = new float[channels];
        for (int c = 0; c < channels; c++) {
            scale[c] = scale(w, c, invstd[c]);
            shift[c] = b == null ? 0f : b[c];
        }
        // sums[2c] = sum of dy, then sums[2c + 1] = sum of dy (x - mean) scaled to sum of dy xhat
        double[] sums = new double[2 * channels];
        ChannelSums.sumsAndDotsShifted(g, activation, scale, shift, a, mean, batch, channels, plane, sums);
        for (int c = 0; c < channels; c++) {
            sums[2 * c + 1] *= invstd[c];
            if (dgamma != null) {
                dgamma.data()[c] = (float) sums[2 * c + 1];
            }
            if (dbeta != null) {
                dbeta.data()[c] = (float) sums[2 * c];
            }
        }
        if (dx == null) {
            return;
        }
        double count = (double) batch * plane;
        float[] o = dx.data();
        Parallel.forRange(batch * channels, Grain.units(Grain.CHEAP, plane), (from, to) -> {
            for (int p = from; p < to; p++) {
                int c = p % channels;
                inputGradientPlane(g, activation, shift[c], a, o, p * plane, plane, mean[c], invstd[c], scale[c],
                        (float) (sums[2 * c] / count), (float) (sums[2 * c + 1] / count));
            }
        });
    }

    // dx = k * (dy - meanDy - xhat * meanDyXhat), xhat = (x - mu) * invstd; dy gated by z = fma(x - mu, k, shift)
    // when there is an activation (k = gamma invstd, as the forward pass computed z)
    private static void inputGradientPlane(float[] dy, Rectifier activation, float shift, float[] x, float[] dx,
                                           int offset, int n, float mu, float invstd, float k, float meanDy,
                                           float meanDyXhat) {
        FloatVector vmu = FloatVector.broadcast(F, mu);
        FloatVector vinv = FloatVector.broadcast(F, invstd);
        FloatVector vk = FloatVector.broadcast(F, k);
        FloatVector vt = FloatVector.broadcast(F, shift);
        FloatVector va = FloatVector.broadcast(F, meanDy);
        FloatVector vb = FloatVector.broadcast(F, -meanDyXhat);
        int i = offset;
        int end = offset + n;
        for (int bound = offset + Vectors.loopBound(n); i < bound; i += F.length()) {
            FloatVector g = FloatVector.fromArray(F, dy, i);
            FloatVector d = FloatVector.fromArray(F, x, i).sub(vmu);
            if (activation != null) {
                g = activation.gradient(g, d.fma(vk, vt));
            }
            d.mul(vinv).fma(vb, g.sub(va)).mul(vk).intoArray(dx, i);
        }
        for (; i < end; i++) {
            float d = x[i] - mu;
            float g = activation == null ? dy[i] : activation.gradient(dy[i], Math.fma(d, k, shift));
            dx[i] = Math.fma(d * invstd, -meanDyXhat, g - meanDy) * k;
        }
    }

    /** y = (x - mean[c]) * invstd[c] * gamma[c] + beta[c]; invstd null: computed from var and eps. */
    private static void normalize(Tensor x, float[] mean, float[] invstd, float[] var, float eps,
                                  Tensor gamma, Tensor beta, Rectifier activation, Tensor y) {
        int channels = x.dim(1);
        int plane = ChannelOps.planeSize(x);
        float[] a = x.data(), o = y.data();
        float[] w = gamma == null ? null : gamma.data(), b = beta == null ? null : beta.data();
        Parallel.forRange(x.dim(0) * channels, Grain.units(Grain.CHEAP, plane), (from, to) -> {
            for (int p = from; p < to; p++) {
                int c = p % channels;
                float inv = invstd != null ? invstd[c] : (float) (1.0 / Math.sqrt((double) var[c] + eps));
                float k = scale(w, c, inv);
                normalizePlane(a, o, p * plane, plane, mean[c], k, b == null ? 0f : b[c], activation);
            }
        });
    }

    private static void normalizePlane(float[] x, float[] y, int offset, int n, float mu, float k, float shift,
                                       Rectifier activation) {
        FloatVector vmu = FloatVector.broadcast(F, mu);
        FloatVector vk = FloatVector.broadcast(F, k);
        FloatVector vt = FloatVector.broadcast(F, shift);
        int i = offset;
        int end = offset + n;
        for (int bound = offset + Vectors.loopBound(n); i < bound; i += F.length()) {
            FloatVector z = FloatVector.fromArray(F, x, i).sub(vmu).fma(vk, vt);
            (activation == null ? z : activation.apply(z)).intoArray(y, i);
        }
        for (; i < end; i++) {
            float z = Math.fma(x[i] - mu, k, shift);
            y[i] = activation == null ? z : activation.apply(z);
        }
    }

    /**
     * z's scale gamma[c] invstd: the forward pass and the backward's recomputed gate must use this
     * same product for the gate to see the forward's signs.
     */
    private static float scale(float[] gamma, int c, float invstd) {
        return (gamma == null ? 1f : gamma[c]) * invstd;
    }

    private static int checkParameters(String op, Tensor x, Tensor gamma, Tensor beta, Tensor same) {
        int channels = ChannelOps.channels(op, x);
        if (gamma != null) {
            Shapes.requireShape(op + ": gamma for x of shape " + x.shapeString(), gamma, channels);
        }
        if (beta != null) {
            Shapes.requireShape(op + ": beta for x of shape " + x.shapeString(), beta, channels);
        }
        Shapes.requireSame(op + (op.endsWith("Backward") ? ": dy" : ": y"), x.shape(), same.shape());
        return channels;
    }

    private static void checkRunning(String op, Tensor x, Tensor runningMean, Tensor runningVar, int channels) {
        if ((runningMean == null) != (runningVar == null)) {
            throw new IllegalArgumentException(op + ": runningMean and runningVar must both be given or both null");
        }
        if (runningMean != null) {
            Shapes.requireShape(op + ": runningMean for x of shape " + x.shapeString(), runningMean, channels);
            Shapes.requireShape(op + ": runningVar for x of shape " + x.shapeString(), runningVar, channels);
        }
    }
}
