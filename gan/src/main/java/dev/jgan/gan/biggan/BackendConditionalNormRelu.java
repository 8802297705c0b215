package dev.jgan.gan.biggan;

import dev.jgan.nn.backend.Backend;

/**
 * {@link ConditionalNormRelu} on a backend: gain = cond W_scale^T + 1 (the 1 as the linear's bias),
 * offset = cond W_offset^T, then the fused normalisation and ReLU with the selected statistics.
 */
final class BackendConditionalNormRelu<T> {
    private final Backend<T> backend;
    private final BackendStatistics<T> stats;
    private final T scale;
    private final T offset;
    private final T ones;
    private final float eps;
    private final int channels;

    BackendConditionalNormRelu(ConditionalNormRelu norm, BackendParameters<T> parameters) {
        backend = parameters.backend();
        stats = new BackendStatistics<>(norm.runningMeans(), norm.runningVars(), parameters);
        scale = parameters.upload(norm.scale());
        offset = parameters.upload(norm.offset());
        channels = norm.scale().dim(0);
        ones = parameters.ones(channels);
        eps = norm.eps();
    }

    void select(TruncationStats truncation) {
        stats.select(truncation);
    }

    /** relu((x - mean) / sqrt(var + eps) * gain + offset) written into {@code out} (may be x); scratch from ws. */
    T apply(T x, T cond, T out, BackendWorkspace<T> ws) {
        int n = backend.shape(x)[0];
        T gain = ws.take(n, channels);
        backend.linear(cond, scale, ones, gain);
        T shift = ws.take(n, channels);
        backend.linear(cond, offset, null, shift);
        backend.normRelu(x, stats.mean(), stats.var(), eps, gain, shift, out);
        ws.give(gain);
        ws.give(shift);
        return out;
    }
}
