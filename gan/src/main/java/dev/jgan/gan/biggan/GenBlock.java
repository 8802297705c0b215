package dev.jgan.gan.biggan;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Elementwise;
import dev.jgan.tensor.kernels.Upsample;
import java.util.List;

/**
 * BigGAN-deep's residual block, pre-activation with a bottleneck of {@code in / 4} channels:
 * (BN, ReLU, 1x1) -> (BN, ReLU, [2x nearest], 3x3) -> (BN, ReLU, 3x3) -> (BN, ReLU, 1x1), plus a
 * shortcut that keeps the first {@code in / 2} channels when the width changes and is
 * up-sampled with the block. The first and last BN-ReLU are applied by their 1x1 convolutions as
 * they read their input, so those normalised activations are never stored.
 */
final class GenBlock implements Stage {
    private final ConditionalNormRelu bn0, bn1, bn2, bn3;
    private final Conv conv0, conv1, conv2, conv3;
    private final int inChannels;
    private final int outChannels;
    private final boolean upSample;

    GenBlock(BigGanWeights w, String prefix, int inChannels, int outChannels, boolean upSample) {
        bn0 = new ConditionalNormRelu(w, prefix + ".bn_0");
        bn1 = new ConditionalNormRelu(w, prefix + ".bn_1");
        bn2 = new ConditionalNormRelu(w, prefix + ".bn_2");
        bn3 = new ConditionalNormRelu(w, prefix + ".bn_3");
        conv0 = Conv.of(w, prefix + ".conv_0");
        conv1 = Conv.of(w, prefix + ".conv_1");
        conv2 = Conv.of(w, prefix + ".conv_2");
        conv3 = Conv.of(w, prefix + ".conv_3");
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.upSample = upSample;
    }

    /** The block's four normalisations in order (bn_0 .. bn_3). */
    List<ConditionalNormRelu> norms() {
        return List.of(bn0, bn1, bn2, bn3);
    }

    /** The block's four convolutions in order (conv_0 .. conv_3). */
    List<Conv> convs() {
        return List.of(conv0, conv1, conv2, conv3);
    }

    int outChannels() {
        return outChannels;
    }

    boolean upSample() {
        return upSample;
    }

    @Override
    public Tensor forward(Tensor x, Tensor cond, TruncationStats stats, Workspace ws) {
        int n = x.dim(0), mid = conv0.outChannels();
        int h = x.dim(2), w = x.dim(3);
        int outH = upSample ? 2 * h : h, outW = upSample ? 2 * w : w;
        // each convolution reads a normalised input (up-sampled for conv_1 of an up-sampling block), which is not
        // stored where the convolution normalises (and up-samples) it on the way
        Tensor t = bn0.applyThen(conv0, x, cond, stats, ws.take(n, mid, h, w), ws);
        Tensor next = ws.take(n, mid, outH, outW);
        t = swap(t, upSample ? bn1.applyUpsampledThen(conv1, t, cond, stats, next, ws)
                : bn1.applyThen(conv1, t, cond, stats, next, ws), ws);
        t = swap(t, bn2.applyThen(conv2, t, cond, stats, ws.take(n, mid, outH, outW), ws), ws);
        Tensor y = swap(t, bn3.applyThen(conv3, t, cond, stats, ws.take(n, outChannels, outH, outW), ws), ws);
        if (upSample) {
            return Upsample.addNearest2xInto(x, y);
        }
        if (inChannels == outChannels) {
            return Elementwise.addInto(y, x, y);
        }
        Tensor kept = firstChannels(x, inChannels / 2, ws.take(n, inChannels / 2, h, w));
        Elementwise.addInto(y, kept, y);
        ws.give(kept);
        return y;
    }

    /** Gives {@code done} back and returns {@code next}. */
    private static Tensor swap(Tensor done, Tensor next, Workspace ws) {
        ws.give(done);
        return next;
    }

    /** x[:, 0:channels] copied into out. */
    private static Tensor firstChannels(Tensor x, int channels, Tensor out) {
        int plane = x.dim(2) * x.dim(3);
        int chunk = channels * plane;
        for (int i = 0; i < x.dim(0); i++) {
            System.arraycopy(x.data(), i * x.dim(1) * plane, out.data(), i * chunk, chunk);
        }
        return out;
    }
}
