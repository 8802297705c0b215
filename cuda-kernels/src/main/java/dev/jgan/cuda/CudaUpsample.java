package dev.jgan.cuda;

import static dev.jgan.cuda.DeviceShapes.requireRank;
import static dev.jgan.cuda.DeviceShapes.requireShape;

import dev.jgan.tensor.Shapes;

/**
 * Nearest-neighbour 2x upsampling and the residual shortcuts of BigGAN's blocks on the GPU (module
 * spatial.ptx), as {@link dev.jgan.tensor.kernels.Upsample} computes them, over NCHW tensors.
 * Work is queued on the context's stream.
 */
public final class CudaUpsample {
    private final CudaContext context;

    public CudaUpsample(CudaContext context) {
        this.context = context;
    }

    /** y [N, C, 2H, 2W] with y[n, c, h, w] = x[n, c, h / 2, w / 2], x [N, C, H, W]. */
    public void nearest2x(DeviceTensor x, DeviceTensor y) {
        requireRank("upsample: x", x, 4);
        requireShape("upsample: y for x of shape " + Shapes.toString(x.shape()), y,
                x.dim(0), x.dim(1), 2 * x.dim(2), 2 * x.dim(3));
        if (y.size() == 0) {
            return;
        }
        new KernelArgs().pointer(x).pointer(y).i32(x.dim(2)).i32(x.dim(3)).i32(y.size())
                .launch(context, Kernel.UPSAMPLE_NEAREST2X_NCHW, LaunchGeometry.elementwiseGrid(y.size()));
    }

    /** y += nearest2x(x[:, 0:C]) with C = y's channel count (x may have more), y [N, C, 2H, 2W]. */
    public void addNearest2x(DeviceTensor x, DeviceTensor y) {
        addNearest("addUpsampled", x, y, 2);
    }

    /** y += x[:, 0:C] with C = y's channel count (x may have more), y [N, C, H, W]: the block's shortcut. */
    public void addFirstChannels(DeviceTensor x, DeviceTensor y) {
        addNearest("addFirstChannels", x, y, 1);
    }

    /** y [N, C, H, W] = x[:, 0:C] for x [N, Cx, H, W], Cx >= C (overwrites y). */
    public void firstChannels(DeviceTensor x, DeviceTensor y) {
        requireRank("firstChannels: x", x, 4);
        requireRank("firstChannels: y", y, 4);
        int channels = y.dim(1);
        if (channels > x.dim(1)) {
            throw new IllegalArgumentException("firstChannels: y " + Shapes.toString(y.shape())
                    + " has more channels than x " + Shapes.toString(x.shape()));
        }
        requireShape("firstChannels: y for x of shape " + Shapes.toString(x.shape()), y,
                x.dim(0), channels, x.dim(2), x.dim(3));
        if (y.size() == 0) {
            return;
        }
        new KernelArgs().pointer(x).pointer(y).i32(channels).i32(x.dim(1)).i32(x.dim(2) * x.dim(3)).i32(y.size())
                .launch(context, Kernel.FIRST_CHANNELS_NCHW, LaunchGeometry.elementwiseGrid(y.size()));
    }

    private void addNearest(String op, DeviceTensor x, DeviceTensor y, int factor) {
        requireRank(op + ": x", x, 4);
        requireRank(op + ": y", y, 4);
        int channels = y.dim(1), h = x.dim(2), w = x.dim(3);
        if (channels > x.dim(1)) {
            throw new IllegalArgumentException(op + ": y " + Shapes.toString(y.shape()) + " has more channels than x "
                    + Shapes.toString(x.shape()));
        }
        requireShape(op + ": y for x of shape " + Shapes.toString(x.shape()), y,
                x.dim(0), channels, factor * h, factor * w);
        if (y.size() == 0) {
            return;
        }
        new KernelArgs().pointer(x).pointer(y).i32(channels).i32(x.dim(1)).i32(h).i32(w).i32(factor).i32(y.size())
                .launch(context, Kernel.ADD_NEAREST_NCHW, LaunchGeometry.elementwiseGrid(y.size()));
    }
}
