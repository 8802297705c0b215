package dev.jgan.cuda;

import static dev.jgan.cuda.DeviceShapes.requireShape;

import dev.jgan.tensor.Shapes;

/**
 * The GAN loss on the GPU (module loss.ptx): binary cross-entropy with logits against one target
 * for every element, averaged, as the CPU's {@code Loss.bceWithLogits}. The loss and its incoming
 * gradient stay in device memory ([1] tensors), so a training step needs no copy back to the host.
 */
public final class CudaLoss {
    private final CudaContext context;

    public CudaLoss(CudaContext context) {
        this.context = context;
    }

    /** loss [1] = mean(max(x, 0) - x target + log(1 + exp(-|x|))) over every element of logits. */
    public void bceWithLogits(DeviceTensor logits, float target, DeviceTensor loss) {
        requireShape("loss", loss, 1);
        requireElements(logits);
        new KernelArgs().pointer(logits).f32(target).pointer(loss).i32(logits.size())
                .launch(context, Kernel.BCE_WITH_LOGITS_FORWARD, new LaunchGeometry.Grid(1, 1, 1));
    }

    /** dx = dloss (sigmoid(x) - target) / n, dloss [1] read on the device. */
    public void bceWithLogitsBackward(DeviceTensor logits, float target, DeviceTensor dloss, DeviceTensor dx) {
        // L = mean(softplus(x) - x t)  =>  dx = dL (sigmoid(x) - t) / n
        requireShape("dloss", dloss, 1);
        requireShape("dx", dx, logits.shape());
        requireElements(logits);
        new KernelArgs().pointer(logits).f32(target).pointer(dloss).pointer(dx).i32(logits.size())
                .launch(context, Kernel.BCE_WITH_LOGITS_BACKWARD, LaunchGeometry.elementwiseGrid(logits.size()));
    }

    private static void requireElements(DeviceTensor logits) {
        if (logits.size() == 0) {
            throw new IllegalArgumentException("bceWithLogits: logits are empty (shape "
                    + Shapes.toString(logits.shape()) + "), the mean is undefined");
        }
    }
}
