package dev.jgan.cuda;

import dev.jgan.tensor.Shapes;

/**
 * Adam on the GPU (module adam.ptx), operation for operation as the CPU's {@code dev.jgan.nn.optim.Adam}
 * (PyTorch's update): g = grad + weightDecay p; m = lerp(m, g, 1 - beta1);
 * v = v beta2 + (1 - beta2) g^2; p = p - lr / (1 - beta1^t) m / (sqrt(v) / sqrt(1 - beta2^t) + eps),
 * the bias corrections in double on the host. The kernel rounds every operation as the CPU does, so
 * both give the same bits.
 */
public final class CudaAdam {
    private final CudaContext context;
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final float eps;
    private final float weightDecay;

    public CudaAdam(CudaContext context, double lr, double beta1, double beta2, double eps, double weightDecay) {
        this.context = context;
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = (float) eps;
        this.weightDecay = (float) weightDecay;
    }

    /** Step {@code t} (1 for the first) of one parameter: updates param, expAvg and expAvgSq in place. */
    public void step(int t, DeviceTensor param, DeviceTensor grad, DeviceTensor expAvg, DeviceTensor expAvgSq) {
        if (t < 1) {
            throw new IllegalArgumentException("adam: step numbers start at 1, got " + t);
        }
        Shapes.requireSame("adam: grad", param.shape(), grad.shape());
        Shapes.requireSame("adam: exp_avg", param.shape(), expAvg.shape());
        Shapes.requireSame("adam: exp_avg_sq", param.shape(), expAvgSq.shape());
        if (param.size() == 0) {
            return;
        }
        float stepSize = (float) (lr / (1 - Math.pow(beta1, t)));
        float biasCorrection2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, t));
        try (KernelArgs args = new KernelArgs()) {
            args.pointer(param).pointer(grad).pointer(expAvg).pointer(expAvgSq).f32(stepSize).f32(biasCorrection2Sqrt)
                    .f32((float) (1 - beta1)).f32((float) (1 - beta2)).f32((float) beta2).f32(eps).f32(weightDecay)
                    .i32(param.size())
                    .launch(context, Kernel.ADAM_STEP, LaunchGeometry.elementwiseGrid(param.size()));
        }
    }
}
