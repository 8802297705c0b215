package dev.jgan.cuda;

import dev.jgan.nn.optim.AdamSettings;

/**
 * Adam on the GPU (module adam.ptx), operation for operation as the CPU's {@link AdamSettings#update}
 * (PyTorch's update): g = grad + weightDecay p; m = lerp(m, g, 1 - beta1);
 * v = v beta2 + (1 - beta2) g^2; p = p - lr / (1 - beta1^t) m / (sqrt(v) / sqrt(1 - beta2^t) + eps),
 * the bias corrections in double on the host, by {@link AdamSettings}. The kernel rounds every operation
 * as the CPU does, so both give the same bits. Work is queued on the context's stream.
 */
public final class CudaAdam {
    private final CudaContext context;

    public CudaAdam(CudaContext context) {
        this.context = context;
    }

    /** Step {@code t} (1 for the first) of one parameter under {@code settings}: updates param, expAvg and expAvgSq in place. */
    public void step(AdamSettings settings, int t, DeviceTensor param, DeviceTensor grad, DeviceTensor expAvg,
                     DeviceTensor expAvgSq) {
        AdamSettings.requireStep(t, param.shape(), grad.shape(), expAvg.shape(), expAvgSq.shape());
        if (param.size() == 0) {
            return;
        }
        new KernelArgs().pointer(param).pointer(grad).pointer(expAvg).pointer(expAvgSq)
                .f32(settings.stepSize(t)).f32(settings.biasCorrection2Sqrt(t))
                .f32((float) (1 - settings.beta1())).f32((float) (1 - settings.beta2())).f32((float) settings.beta2())
                .f32((float) settings.eps()).f32((float) settings.weightDecay())
                .i32(param.size())
                .launch(context, Kernel.ADAM_STEP, LaunchGeometry.elementwiseGrid(param.size()));
    }
}
