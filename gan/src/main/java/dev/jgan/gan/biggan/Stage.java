package dev.jgan.gan.biggan;

import dev.jgan.tensor.Tensor;

/** One entry of the generator's layer list: a residual block or the self-attention. */
interface Stage {
    /**
     * The stage's output for feature maps x [N, C, H, W], condition cond [N, 2 z_dim] and the
     * chosen statistics, in a buffer taken from ws (never x itself); x is left unchanged and
     * every other buffer the stage takes is given back.
     */
    Tensor forward(Tensor x, Tensor cond, TruncationStats stats, Workspace ws);
}
