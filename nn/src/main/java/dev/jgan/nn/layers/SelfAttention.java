package dev.jgan.nn.layers;

import dev.jgan.nn.Layer;
import dev.jgan.nn.autograd.LinearAlgebra;
import dev.jgan.nn.autograd.Normalization;
import dev.jgan.nn.autograd.Pointwise;
import dev.jgan.nn.autograd.ShapeOps;
import dev.jgan.nn.autograd.Spatial;
import dev.jgan.nn.autograd.Var;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;

/**
 * SAGAN self-attention as in BigGAN's Attention block, for x [N, C, H, W] with even H, W:
 * <pre>
 *   theta = conv1x1(x) [C/8]      phi = maxpool(conv1x1(x)) [C/8]     g = maxpool(conv1x1(x)) [C/2]
 *   beta  = softmax over the HW/4 key positions of theta^T phi        [N, HW, HW/4]
 *   y     = x + gamma * conv1x1(g beta^T) [C/2 -> C]
 * </pre>
 * No biases; gamma starts at 0, so the block starts as the identity.
 */
public final class SelfAttention extends Layer {
    private final Conv2d theta;
    private final Conv2d phi;
    private final Conv2d g;
    private final Conv2d o;

    /** channels must be a multiple of 8; spectralNorm wraps the four convs. */
    public SelfAttention(int channels, boolean spectralNorm, Rng rng) {
        if (channels % 8 != 0) {
            throw new IllegalArgumentException("self-attention needs a multiple of 8 channels, got " + channels);
        }
        theta = addChild("theta", conv(channels, channels / 8, spectralNorm, rng));
        phi = addChild("phi", conv(channels, channels / 8, spectralNorm, rng));
        g = addChild("g", conv(channels, channels / 2, spectralNorm, rng));
        o = addChild("o", conv(channels / 2, channels, spectralNorm, rng));
        addParam("gamma", Tensor.zeros(1));
    }

    private static Conv2d conv(int in, int out, boolean spectralNorm, Rng rng) {
        Conv2d c = new Conv2d(in, out, 1, 1, 0, false, rng);
        return spectralNorm ? SpectralNorm.apply(c, rng) : c;
    }

    public Var gamma() {
        return param("gamma");
    }

    @Override
    public Var forward(Var x) {
        int n = x.dim(0);
        int c = x.dim(1);
        int positions = x.dim(2) * x.dim(3);
        Var queries = ShapeOps.reshape(theta.forward(x), n, c / 8, positions);
        Var keys = ShapeOps.reshape(Spatial.maxPool2x2(phi.forward(x)), n, c / 8, positions / 4);
        Var values = ShapeOps.reshape(Spatial.maxPool2x2(g.forward(x)), n, c / 2, positions / 4);
        Var attention = Normalization.softmax(LinearAlgebra.bmm(queries, true, keys, false), -1);
        Var attended = ShapeOps.reshape(LinearAlgebra.bmm(values, false, attention, true), n, c / 2, x.dim(2), x.dim(3));
        return Pointwise.add(x, Pointwise.scaleBy(o.forward(attended), gamma()));
    }
}
