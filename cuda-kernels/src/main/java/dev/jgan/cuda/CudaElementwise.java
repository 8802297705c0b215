package dev.jgan.cuda;

import static dev.jgan.cuda.DeviceShapes.plane;
import static dev.jgan.cuda.DeviceShapes.requireChannels;
import static dev.jgan.cuda.DeviceShapes.requireRank;
import static dev.jgan.cuda.DeviceShapes.requireShape;

import dev.jgan.tensor.Shapes;

/**
 * Elementwise activations, bias add, axpy and per-channel sums on the GPU (module elementwise.ptx).
 * Outputs may be the inputs themselves (in place). Work is queued on the context's stream.
 */
public final class CudaElementwise {
    private final CudaContext context;

    public CudaElementwise(CudaContext context) {
        this.context = context;
    }

    /** y[b][c][...] += bias[c] for y [N, C, ...] (rank >= 2). */
    public void biasAdd(DeviceTensor y, DeviceTensor bias) {
        requireChannels("y", y);
        requireShape("bias", bias, y.dim(1));
        int plane = plane(y);
        launch(Kernel.BIAS_ADD_NCHW, new KernelArgs().pointer(y).pointer(bias).i32(y.dim(1)).i32(plane).i32(y.size()),
                y.size());
    }

    /** y = y + alpha x, e.g. a gradient added to the one already accumulated. */
    public void axpy(DeviceTensor x, DeviceTensor y, float alpha) {
        requireSameShape(x, y);
        launch(Kernel.AXPY, new KernelArgs().pointer(x).pointer(y).f32(alpha).i32(x.size()), x.size());
    }

    /** average = keep average + take value, each product rounded before the sum (a moving average). */
    public void blend(float keep, DeviceTensor average, float take, DeviceTensor value) {
        requireSameShape(average, value);
        launch(Kernel.BLEND, new KernelArgs().f32(keep).pointer(average).f32(take).pointer(value).i32(average.size()),
                average.size());
    }

    /** y = max(x, 0). */
    public void relu(DeviceTensor x, DeviceTensor y) {
        unary(Kernel.RELU_FORWARD, x, y);
    }

    /** dx = dy * [x > 0]. */
    public void reluBackward(DeviceTensor dy, DeviceTensor x, DeviceTensor dx) {
        // y = max(x, 0)  =>  dx = dy * [x > 0]
        binary(Kernel.RELU_BACKWARD, dy, x, dx);
    }

    /** y = x > 0 ? x : slope * x. */
    public void leakyRelu(DeviceTensor x, DeviceTensor y, float slope) {
        requireSameShape(x, y);
        launch(Kernel.LEAKY_RELU_FORWARD, new KernelArgs().pointer(x).pointer(y).f32(slope).i32(x.size()), x.size());
    }

    /** dx = dy * (x > 0 ? 1 : slope). */
    public void leakyReluBackward(DeviceTensor dy, DeviceTensor x, DeviceTensor dx, float slope) {
        // y = x > 0 ? x : slope x  =>  dx = dy * (x > 0 ? 1 : slope)
        requireSameShape(dy, x);
        requireSameShape(dy, dx);
        launch(Kernel.LEAKY_RELU_BACKWARD, new KernelArgs().pointer(dy).pointer(x).pointer(dx).f32(slope).i32(x.size()),
                x.size());
    }

    /** y = tanh(x). */
    public void tanh(DeviceTensor x, DeviceTensor y) {
        unary(Kernel.TANH_FORWARD, x, y);
    }

    /** dx = dy * (1 - y^2), from the forward output y. */
    public void tanhBackward(DeviceTensor dy, DeviceTensor y, DeviceTensor dx) {
        // y = tanh(x)  =>  dx = dy * (1 - y^2)
        binary(Kernel.TANH_BACKWARD, dy, y, dx);
    }

    /** out[c] = sum of x[b][c][...] over every b and spatial position, x [N, C, ...]. */
    public void channelSum(DeviceTensor x, DeviceTensor out) {
        requireChannels("x", x);
        requireShape("out", out, x.dim(1));
        int plane = plane(x);
        new KernelArgs().pointer(x).pointer(out).i32(x.dim(0)).i32(x.dim(1)).i32(plane)
                .launch(context, Kernel.CHANNEL_SUM_NCHW, new LaunchGeometry.Grid(x.dim(1), 1, 1));
    }

    /**
     * planes [N, classes, H, W] = the one-hot code of each labels[n] (a class index held as a float) over every
     * position (overwrites planes).
     */
    public void labelPlanes(DeviceTensor labels, DeviceTensor planes) {
        requireRank("planes", planes, 4);
        requireShape("labels", labels, planes.dim(0));
        launch(Kernel.LABEL_PLANES_NCHW, new KernelArgs().pointer(labels).pointer(planes).i32(planes.dim(1))
                .i32(planes.dim(2) * planes.dim(3)).i32(planes.size()), planes.size());
    }

    private void unary(Kernel kernel, DeviceTensor x, DeviceTensor y) {
        requireSameShape(x, y);
        launch(kernel, new KernelArgs().pointer(x).pointer(y).i32(x.size()), x.size());
    }

    private void binary(Kernel kernel, DeviceTensor dy, DeviceTensor other, DeviceTensor dx) {
        requireSameShape(dy, other);
        requireSameShape(dy, dx);
        launch(kernel, new KernelArgs().pointer(dy).pointer(other).pointer(dx).i32(dy.size()), dy.size());
    }

    private void launch(Kernel kernel, KernelArgs args, int n) {
        if (n > 0) {
            args.launch(context, kernel, LaunchGeometry.elementwiseGrid(n));
        }
    }

    private static void requireSameShape(DeviceTensor expected, DeviceTensor found) {
        Shapes.requireSame("operand", expected.shape(), found.shape());
    }
}
