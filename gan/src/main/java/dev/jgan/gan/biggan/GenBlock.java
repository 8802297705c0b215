package dev.jgan.gan.biggan;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Elementwise;
import dev.jgan.tensor.kernels.Upsample;

/**
 * BigGAN-deep's residual block, pre-activation with a bottleneck of {@code in / 4} channels:
 * (BN, ReLU, 1x1) -> (BN, ReLU, [2x nearest], 3x3) -> (BN, ReLU, 3x3) -> (BN, ReLU, 1x1), plus a
 * shortcut that keeps the first {@code in / 2} channels when the width changes and is
 * up-sampled with the block.
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

    @Override
    public Tensor forward(Tensor x, Tensor cond, TruncationStats stats) {
        Tensor h = conv0.forward(bn0.apply(x, cond, stats, Tensor.zeros(x.shape())));
        h = bn1.apply(h, cond, stats, h);
        if (upSample) {
            h = Upsample.nearest2x(h);
        }
        h = conv1.forward(h);
        h = conv2.forward(bn2.apply(h, cond, stats, h));
        h = conv3.forward(bn3.apply(h, cond, stats, h));
        if (upSample) {
            return Upsample.addNearest2xInto(x, h);
        }
        return Elementwise.addInto(h, inChannels != outChannels ? x.sliceChannels(0, inChannels / 2) : x, h);
    }
}
