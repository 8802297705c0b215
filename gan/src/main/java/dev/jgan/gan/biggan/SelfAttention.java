package dev.jgan.gan.biggan;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Conv2d;
import dev.jgan.tensor.kernels.ConvSpec;
import dev.jgan.tensor.kernels.Elementwise;
import dev.jgan.tensor.kernels.Gemm;
import dev.jgan.tensor.kernels.Pooling;
import dev.jgan.tensor.kernels.Softmax;

/**
 * BigGAN's self-attention over C channels, per sample with P = H W positions:
 * queries theta = W_theta x [C/8, P]; keys phi and values g are 1x1 convs max-pooled 2x2
 * ([C/8, P/4], [C/2, P/4]); attention = softmax over the keys of theta^T phi [P, P/4] (no
 * scaling); o = g attention^T [C/2, P]; out = x + gamma W_o o.
 *
 * <p>theta, phi and g come from one convolution with their weights stacked (x is read once), the
 * result pooled together (the query channels' pooled values go unused); gamma is folded into W_o at
 * load time.
 */
final class SelfAttention implements Stage {
    private static final ConvSpec POINTWISE = Conv.same(1);

    private final Tensor projections;
    private final Tensor scaledOut;
    private final int keyChannels;
    private final int valueChannels;

    SelfAttention(BigGanWeights w, String prefix) {
        Tensor theta = w.tensor(prefix + ".snconv1x1_theta.weight");
        Tensor phi = w.tensor(prefix + ".snconv1x1_phi.weight");
        Tensor g = w.tensor(prefix + ".snconv1x1_g.weight");
        keyChannels = phi.dim(0);
        valueChannels = g.dim(0);
        int channels = phi.dim(1);
        projections = Tensor.concatChannels(theta.reshape(1, keyChannels, channels),
                phi.reshape(1, keyChannels, channels), g.reshape(1, valueChannels, channels))
                .reshape(2 * keyChannels + valueChannels, channels, 1, 1);
        float gamma = w.tensor(prefix + ".gamma").item();
        scaledOut = Elementwise.scale(w.tensor(prefix + ".snconv1x1_o_conv.weight"), gamma);
    }

    /** W_theta, W_phi and W_g stacked [C/8 + C/8 + C/2, C, 1, 1]. */
    Tensor projections() {
        return projections;
    }

    /** gamma W_o [C, C/2, 1, 1]. */
    Tensor scaledOut() {
        return scaledOut;
    }

    int keyChannels() {
        return keyChannels;
    }

    int valueChannels() {
        return valueChannels;
    }

    @Override
    public Tensor forward(Tensor x, Tensor cond, TruncationStats stats, Workspace ws) {
        int n = x.dim(0), h = x.dim(2), w = x.dim(3);
        int positions = h * w;
        int pooledPositions = (h / 2) * (w / 2);
        int stacked = 2 * keyChannels + valueChannels;
        // channels [0, K) theta, [K, 2K) phi, [2K, 2K + V) g, where K = keyChannels and V = valueChannels
        Tensor projected = ws.take(n, stacked, h, w);
        Conv2d.forward(x, projections, null, POINTWISE, projected);
        Tensor pooled = ws.take(n, stacked, h / 2, w / 2);
        Pooling.maxPool2x2Into(projected, pooled, null);
        float[] kv = pooled.data();
        // attention[p, q] = sum_c theta[c, p] phi[c, q]
        Tensor attention = ws.take(n, positions, pooledPositions);
        Gemm.sgemmBatched(true, false, positions, pooledPositions, keyChannels, 1f,
                projected.data(), 0, positions, stacked * positions,
                kv, keyChannels * pooledPositions, pooledPositions, stacked * pooledPositions,
                0f, attention.data(), 0, pooledPositions, positions * pooledPositions, n);
        ws.give(projected);
        Softmax.forwardInto(attention, -1, attention);
        // o[c, p] = sum_q g[c, q] attention[p, q]
        Tensor o = ws.take(n, valueChannels, h, w);
        Gemm.sgemmBatched(false, true, valueChannels, positions, pooledPositions, 1f,
                kv, 2 * keyChannels * pooledPositions, pooledPositions, stacked * pooledPositions,
                attention.data(), 0, pooledPositions, positions * pooledPositions,
                0f, o.data(), 0, positions, valueChannels * positions, n);
        ws.give(attention);
        ws.give(pooled);
        Tensor out = ws.take(x.shape());
        Conv2d.forward(o, scaledOut, null, POINTWISE, out);
        ws.give(o);
        return Elementwise.addInto(out, x, out);
    }
}
