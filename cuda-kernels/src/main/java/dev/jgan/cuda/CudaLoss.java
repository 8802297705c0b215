package dev.jgan.cuda;

import static dev.jgan.cuda.DeviceShapes.requireShape;

import dev.jgan.nn.backend.Backend;
import dev.jgan.tensor.Shapes;

/**
 * The GAN losses on the GPU (module loss.ptx): binary cross-entropy with logits against one target
 * for every element, averaged, as the CPU's {@code Loss.bceWithLogits}; the hinge terms and the hinge
 * generator loss, as {@code GanLosses}. The loss and its incoming gradient stay in device memory ([1]
 * tensors), so a training step needs no copy back to the host.
 */
public final class CudaLoss {
    private final CudaContext context;

    public CudaLoss(CudaContext context) {
        this.context = context;
    }

    /** loss [1] = mean(max(x, 0) - x target + log(1 + exp(-|x|))) over every element of logits. */
    public void bceWithLogits(DeviceTensor logits, float target, DeviceTensor loss) {
        requireShape("loss", loss, 1);
        requireElements("bceWithLogits: logits", logits);
        new KernelArgs().pointer(logits).f32(target).pointer(loss).i32(logits.size())
                .launch(context, Kernel.BCE_WITH_LOGITS_FORWARD, new LaunchGeometry.Grid(1, 1, 1));
    }

    /** dx = dloss (sigmoid(x) - target) / n, dloss [1] read on the device. */
    public void bceWithLogitsBackward(DeviceTensor logits, float target, DeviceTensor dloss, DeviceTensor dx) {
        // L = mean(softplus(x) - x t)  =>  dx = dL (sigmoid(x) - t) / n
        requireShape("dloss", dloss, 1);
        requireShape("dx", dx, logits.shape());
        requireElements("bceWithLogitsBackward: logits", logits);
        new KernelArgs().pointer(logits).f32(target).pointer(dloss).pointer(dx).i32(logits.size())
                .launch(context, Kernel.BCE_WITH_LOGITS_BACKWARD, LaunchGeometry.elementwiseGrid(logits.size()));
    }

    /** loss [1] = mean(relu(1 + sign x)) over every element of logits, sign -1 or 1. */
    public void hinge(DeviceTensor logits, float sign, DeviceTensor loss) {
        requireShape("loss", loss, 1);
        Backend.requireHingeSign(sign);
        requireElements("hinge: logits", logits);
        new KernelArgs().pointer(logits).f32(sign).pointer(loss).i32(logits.size())
                .launch(context, Kernel.HINGE_FORWARD, new LaunchGeometry.Grid(1, 1, 1));
    }

    /** dx = dloss sign [1 + sign x > 0] / n, dloss [1] read on the device. */
    public void hingeBackward(DeviceTensor logits, float sign, DeviceTensor dloss, DeviceTensor dx) {
        // L = mean(relu(1 + s x))  =>  dx = s dL [1 + s x > 0] / n
        requireShape("dloss", dloss, 1);
        requireShape("dx", dx, logits.shape());
        Backend.requireHingeSign(sign);
        requireElements("hingeBackward: logits", logits);
        new KernelArgs().pointer(logits).f32(sign).pointer(dloss).pointer(dx).i32(logits.size())
                .launch(context, Kernel.HINGE_BACKWARD, LaunchGeometry.elementwiseGrid(logits.size()));
    }

    /** loss [1] = -mean(x) over every element of x. */
    public void negativeMean(DeviceTensor x, DeviceTensor loss) {
        requireShape("loss", loss, 1);
        requireElements("negativeMean: x", x);
        new KernelArgs().pointer(x).pointer(loss).i32(x.size())
                .launch(context, Kernel.NEGATIVE_MEAN_FORWARD, new LaunchGeometry.Grid(1, 1, 1));
    }

    /** dx = -dloss / n everywhere, dloss [1] read on the device. */
    public void negativeMeanBackward(DeviceTensor dloss, DeviceTensor dx) {
        // L = -mean(x)  =>  dx = -dL / n
        requireShape("dloss", dloss, 1);
        requireElements("negativeMeanBackward: dx", dx);
        new KernelArgs().pointer(dloss).pointer(dx).i32(dx.size())
                .launch(context, Kernel.NEGATIVE_MEAN_BACKWARD, LaunchGeometry.elementwiseGrid(dx.size()));
    }

    private static void requireElements(String what, DeviceTensor t) {
        if (t.size() == 0) {
            throw new IllegalArgumentException(what + " is empty (shape " + Shapes.toString(t.shape())
                    + "), the mean is undefined");
        }
    }
}
