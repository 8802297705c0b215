package dev.jgan.gan.biggan;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Elementwise;
import dev.jgan.tensor.kernels.NormReluConv;

/**
 * BigGAN's conditional batch norm followed by ReLU, applied as the convolution after it reads its
 * input: the stored statistics the truncation selects, a per-sample gain {@code 1 + cond W_scale^T}
 * and offset {@code cond W_offset^T} (spectral-norm linears without bias).
 */
final class ConditionalNormRelu {
    private final Tensor runningMeans;
    private final Tensor runningVars;
    private final Tensor scale;
    private final Tensor offset;
    private final float eps;

    ConditionalNormRelu(BigGanWeights w, String prefix) {
        runningMeans = w.tensor(prefix + ".running_means");
        runningVars = w.tensor(prefix + ".running_vars");
        scale = w.tensor(prefix + ".scale.weight");
        offset = w.tensor(prefix + ".offset.weight");
        eps = (float) w.config().eps();
    }

    /** The stored statistics rows [n_stats, C]. */
    Tensor runningMeans() {
        return runningMeans;
    }

    Tensor runningVars() {
        return runningVars;
    }

    /** W_scale and W_offset [C, cond_dim]. */
    Tensor scale() {
        return scale;
    }

    Tensor offset() {
        return offset;
    }

    float eps() {
        return eps;
    }

    /**
     * The convolution of relu((x - mean) / sqrt(var + eps) * gain + offset) written into {@code out},
     * without storing that input where the convolution normalises x as it reads it ({@link NormReluConv}:
     * 1x1 convolutions, and 3x3 ones large enough for Winograd's algorithm); elsewhere it is stored in
     * a tensor from ws. x is left as it was.
     */
    Tensor applyThen(Conv conv, Tensor x, Tensor cond, TruncationStats stats, Tensor out, Workspace ws) {
        Affine a = affine(x, cond, stats, ws);
        Tensor scratch = NormReluConv.fuses(x, conv.outChannels(), conv.spec()) ? null : ws.take(x.shape());
        NormReluConv.forwardInto(x, a.mean, a.var, eps, a.gain, a.shift, conv.weight(), conv.bias(), conv.spec(), out,
                scratch);
        if (scratch != null) {
            ws.give(scratch);
        }
        a.giveBack(ws);
        return out;
    }

    /**
     * The convolution of nearest2x(relu((x - mean) / sqrt(var + eps) * gain + offset)) written into
     * {@code out}, without storing the normalised or the up-sampled activations where Winograd's
     * algorithm takes the convolution ({@link NormReluConv#forwardUpsampledInto}); elsewhere the
     * up-sampled input is stored in a tensor from ws. x is left as it was.
     */
    Tensor applyUpsampledThen(Conv conv, Tensor x, Tensor cond, TruncationStats stats, Tensor out, Workspace ws) {
        Affine a = affine(x, cond, stats, ws);
        Tensor scratch = NormReluConv.fusesUpsampled(x, conv.outChannels(), conv.spec()) ? null
                : ws.take(x.dim(0), x.dim(1), 2 * x.dim(2), 2 * x.dim(3));
        NormReluConv.forwardUpsampledInto(x, a.mean, a.var, eps, a.gain, a.shift, conv.weight(), conv.bias(),
                conv.spec(), out, scratch);
        if (scratch != null) {
            ws.give(scratch);
        }
        a.giveBack(ws);
        return out;
    }

    /** The per-sample gain and shift [N, C] and the truncation's statistics [C], in buffers from ws. */
    private Affine affine(Tensor x, Tensor cond, TruncationStats stats, Workspace ws) {
        int n = x.dim(0), channels = x.dim(1);
        Tensor gain = RowProducts.timesTransposed(cond, scale, ws.take(n, channels));
        Elementwise.addScalarInto(gain, 1f, gain);
        Tensor shift = RowProducts.timesTransposed(cond, offset, ws.take(n, channels));
        Tensor mean = stats.selectInto(runningMeans, ws.take(channels));
        Tensor var = stats.selectInto(runningVars, ws.take(channels));
        return new Affine(gain, shift, mean, var);
    }

    private record Affine(Tensor gain, Tensor shift, Tensor mean, Tensor var) {
        void giveBack(Workspace ws) {
            ws.give(gain);
            ws.give(shift);
            ws.give(mean);
            ws.give(var);
        }
    }
}
