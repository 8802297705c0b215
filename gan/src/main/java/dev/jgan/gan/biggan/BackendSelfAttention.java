package dev.jgan.gan.biggan;

import dev.jgan.nn.backend.Backend;
import dev.jgan.tensor.kernels.ConvSpec;

/** {@link SelfAttention} on a backend: the same convolutions, pooling, batched products and softmax, in the same order. */
final class BackendSelfAttention<T> implements BackendStage<T> {
    private static final ConvSpec POINTWISE = Conv.same(1);

    private final Backend<T> backend;
    private final T projections;
    private final T scaledOut;
    private final int keyChannels;
    private final int valueChannels;

    BackendSelfAttention(SelfAttention attention, BackendParameters<T> parameters) {
        backend = parameters.backend();
        projections = parameters.upload(attention.projections());
        scaledOut = parameters.upload(attention.scaledOut());
        keyChannels = attention.keyChannels();
        valueChannels = attention.valueChannels();
    }

    @Override
    public T forward(T x, T cond, BackendWorkspace<T> ws) {
        int[] shape = backend.shape(x);
        int n = shape[0], h = shape[2], w = shape[3];
        int positions = h * w;
        int pooledPositions = (h / 2) * (w / 2);
        int stacked = 2 * keyChannels + valueChannels;
        // channels [0, K) theta, [K, 2K) phi, [2K, 2K + V) g, where K = keyChannels and V = valueChannels
        T projected = ws.take(n, stacked, h, w);
        backend.conv2d(x, projections, null, POINTWISE, projected);
        T pooled = ws.take(n, stacked, h / 2, w / 2);
        backend.maxPool2x2(projected, pooled);
        // attention[p, q] = sum_c theta[c, p] phi[c, q]
        T attention = ws.take(n, positions, pooledPositions);
        backend.matmulBatched(true, false, positions, pooledPositions, keyChannels, 1f,
                projected, 0, positions, stacked * positions,
                pooled, keyChannels * pooledPositions, pooledPositions, stacked * pooledPositions,
                0f, attention, 0, pooledPositions, positions * pooledPositions, n);
        ws.give(projected);
        backend.softmaxLastAxis(attention, attention);
        // o[c, p] = sum_q g[c, q] attention[p, q]
        T o = ws.take(n, valueChannels, h, w);
        backend.matmulBatched(false, true, valueChannels, positions, pooledPositions, 1f,
                pooled, 2 * keyChannels * pooledPositions, pooledPositions, stacked * pooledPositions,
                attention, 0, pooledPositions, positions * pooledPositions,
                0f, o, 0, positions, valueChannels * positions, n);
        ws.give(attention);
        ws.give(pooled);
        T out = ws.take(shape);
        backend.conv2d(o, scaledOut, null, POINTWISE, out);
        ws.give(o);
        backend.addFirstChannels(x, out);
        return out;
    }
}
