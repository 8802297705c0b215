package dev.jgan.cuda;

import dev.jgan.tensor.Shapes;

/**
 * Softmax along the last axis on the GPU (module softmax.ptx), as
 * {@link dev.jgan.tensor.kernels.Softmax#forwardInto} computes it with axis -1:
 * exp(x - max) / sum(exp(x - max)) over each row. Work is queued on the context's stream.
 */
public final class CudaSoftmax {
    private final CudaContext context;

    public CudaSoftmax(CudaContext context) {
        this.context = context;
    }

    /** y = softmax(x) along x's last axis (e.g. attention logits [N, P, Q] over the Q keys); y may be x. */
    public void lastAxis(DeviceTensor x, DeviceTensor y) {
        if (x.rank() < 1) {
            throw new IllegalArgumentException("softmax: x needs at least one axis, found shape "
                    + Shapes.toString(x.shape()));
        }
        Shapes.requireSame("softmax: y", x.shape(), y.shape());
        int n = x.dim(x.rank() - 1);
        if (x.size() == 0) {
            return;
        }
        new KernelArgs().pointer(x).pointer(y).i32(n)
                .launch(context, Kernel.SOFTMAX_ROWS, new LaunchGeometry.Grid(x.size() / n, 1, 1));
    }
}
