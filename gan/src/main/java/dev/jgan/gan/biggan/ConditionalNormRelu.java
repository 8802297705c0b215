package dev.jgan.gan.biggan;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Elementwise;
import dev.jgan.tensor.kernels.MatMul;
import dev.jgan.tensor.kernels.NormRelu;

/**
 * BigGAN's conditional batch norm followed by ReLU, in one pass: the stored statistics the
 * truncation selects, a per-sample gain {@code 1 + cond W_scale^T} and offset
 * {@code cond W_offset^T} (spectral-norm linears without bias).
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

    /** relu((x - mean) / sqrt(var + eps) * gain + offset) written into {@code out} (may be x). */
    Tensor apply(Tensor x, Tensor cond, TruncationStats stats, Tensor out) {
        Tensor gain = MatMul.matmul(cond, scale, false, true);
        Elementwise.addScalarInto(gain, 1f, gain);
        Tensor shift = MatMul.matmul(cond, offset, false, true);
        NormRelu.forwardInto(x, stats.select(runningMeans), stats.select(runningVars), eps, gain, shift, out);
        return out;
    }
}
