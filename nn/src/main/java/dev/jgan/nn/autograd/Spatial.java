package dev.jgan.nn.autograd;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Pooling;
import dev.jgan.tensor.kernels.Upsample;

/** Differentiable resampling of NCHW feature maps: 2x2 max pooling and 2x nearest upsampling. */
public final class Spatial {
    private Spatial() {}

    /** Maximum of each non-overlapping 2x2 window (odd trailing rows or columns are dropped). */
    public static Var maxPool2x2(Var x) {
        Op op = Op.begin("maxPool2x2");
        Pooling.MaxPool pooled = Pooling.maxPool2x2(x.tensor());
        int[] argmax = pooled.argmax();
        int[] xShape = x.shape();
        Node dx = x.node();
        // y = x[argmax of each window]  =>  dx = dy at each window's argmax, 0 elsewhere
        return op.output(pooled.y(), dy -> dx.accumulate(() -> Pooling.maxPool2x2Backward(dy, argmax, xShape)), x);
    }

    /** Each value repeated in a 2x2 block: [N, C, H, W] to [N, C, 2H, 2W]. */
    public static Var upsampleNearest2x(Var x) {
        Op op = Op.begin("upsample2x");
        Tensor y = Upsample.nearest2x(x.tensor());
        Node dx = x.node();
        // y[h, w] = x[h / 2, w / 2]  =>  dx[h, w] = sum of dy over its 2x2 block
        return op.output(y, dy -> dx.accumulate(() -> Upsample.nearest2xBackward(dy)), x);
    }
}
