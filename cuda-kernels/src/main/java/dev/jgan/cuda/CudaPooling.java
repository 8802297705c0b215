package dev.jgan.cuda;

import static dev.jgan.cuda.DeviceShapes.requireRank;
import static dev.jgan.cuda.DeviceShapes.requireShape;

import dev.jgan.tensor.Shapes;

/**
 * 2x2 max pooling with stride 2 on the GPU (module spatial.ptx), as
 * {@link dev.jgan.tensor.kernels.Pooling#maxPool2x2Into} computes it without recording the argmax
 * (an inference pass): x [N, C, H, W] to [N, C, H / 2, W / 2], an odd last row or column dropped,
 * ties to the first maximum in row-major order, NaN wins. Work is queued on the context's stream.
 */
public final class CudaPooling {
    private final CudaContext context;

    public CudaPooling(CudaContext context) {
        this.context = context;
    }

    /** Writes the window maxima of x into y [N, C, H / 2, W / 2]. */
    public void maxPool2x2(DeviceTensor x, DeviceTensor y) {
        requireRank("maxPool2x2: x", x, 4);
        requireShape("maxPool2x2: y for x of shape " + Shapes.toString(x.shape()), y,
                x.dim(0), x.dim(1), x.dim(2) / 2, x.dim(3) / 2);
        if (y.size() == 0) {
            return;
        }
        new KernelArgs().pointer(x).pointer(y).i32(x.dim(2)).i32(x.dim(3)).i32(y.size())
                .launch(context, Kernel.MAX_POOL2X2_NCHW, LaunchGeometry.elementwiseGrid(y.size()));
    }
}
