package dev.jgan.cuda;

import static dev.jgan.cuda.DeviceShapes.requireRank;
import static dev.jgan.cuda.DeviceShapes.requireShape;

import dev.jgan.tensor.Shapes;

/** Row-wise concatenation on the GPU (module concat.ptx). Work is queued on the context's stream. */
public final class CudaConcat {
    private final CudaContext context;

    public CudaConcat(CudaContext context) {
        this.context = context;
    }

    /** out [N, A + B] = [a, b] row by row, for a [N, A] and b [N, B] (e.g. BigGAN's [z, class embedding]). */
    public void rows(DeviceTensor a, DeviceTensor b, DeviceTensor out) {
        requireRank("concatRows: a", a, 2);
        requireRank("concatRows: b", b, 2);
        requireShape("concatRows: b for a of shape " + Shapes.toString(a.shape()), b, a.dim(0), b.dim(1));
        requireShape("concatRows: out for a of shape " + Shapes.toString(a.shape()) + " and b of shape "
                + Shapes.toString(b.shape()), out, a.dim(0), a.dim(1) + b.dim(1));
        if (out.size() == 0) {
            return;
        }
        new KernelArgs().pointer(a).pointer(b).pointer(out).i32(a.dim(1)).i32(b.dim(1)).i32(out.size())
                .launch(context, Kernel.CONCAT_ROWS, LaunchGeometry.elementwiseGrid(out.size()));
    }
}
