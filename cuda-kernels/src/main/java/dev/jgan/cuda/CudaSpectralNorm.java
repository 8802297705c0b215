package dev.jgan.cuda;

import static dev.jgan.cuda.DeviceShapes.requireShape;

import dev.jgan.tensor.Shapes;

/**
 * Spectral normalisation in training on the GPU (module spectral_norm.ptx), as the CPU's
 * {@code SpectralNormMath}: a weight w is the matrix W [w.dim(0), rest], with u [rows], v [rest] and
 * sigma [1] in device memory, so a training step needs no copy back to the host. Sums run in a fixed
 * order; they are not the CPU's order, so results agree with the CPU to float32 rounding, not to the bit.
 */
public final class CudaSpectralNorm {
    private static final LaunchGeometry.Grid ONE_BLOCK = new LaunchGeometry.Grid(1, 1, 1);
    /** Columns of W one block of spectral_matvec_t takes. */
    private static final int MATVEC_T_COLUMNS = 32;
    /**
     * Blocks of the first stage of the gradient's dot product, each a partial sum that every block of the second
     * stage adds up in the same fixed order (at most 256: one a thread); the count depends on the weight's size
     * alone, so the sum's order does too.
     */
    private static final int MAX_DOT_PARTS = 128;

    private final CudaContext context;

    public CudaSpectralNorm(CudaContext context) {
        this.context = context;
    }

    /**
     * One power iteration: v = normalise(W^T u), u = normalise(W v), normalise(x) = x / max(||x||, eps); then
     * sigma = u^T W v with the new u and v. Overwrites u, v and sigma.
     */
    public void powerIteration(DeviceTensor w, DeviceTensor u, DeviceTensor v, float eps, DeviceTensor sigma) {
        int rows = rows(w);
        int cols = w.size() / rows;
        requireVectors(w, u, v);
        requireShape("sigma", sigma, 1);
        try (DeviceTensor wTu = DeviceTensor.allocate(context, cols);
             DeviceTensor wv = DeviceTensor.allocate(context, rows)) {
            new KernelArgs().pointer(w).pointer(u).pointer(wTu).i32(rows).i32(cols)
                    .launch(context, Kernel.SPECTRAL_MATVEC_T,
                            new LaunchGeometry.Grid(LaunchGeometry.ceilDiv(cols, MATVEC_T_COLUMNS), 1, 1));
            new KernelArgs().pointer(wTu).pointer(v).f32(eps).address(0L).i32(cols)
                    .launch(context, Kernel.SPECTRAL_NORMALISE, ONE_BLOCK);
            new KernelArgs().pointer(w).pointer(v).pointer(wv).i32(rows).i32(cols)
                    .launch(context, Kernel.SPECTRAL_MATVEC, new LaunchGeometry.Grid(rows, 1, 1));
            // u = W v / max(||W v||, eps) and sigma = <u, W v>
            new KernelArgs().pointer(wv).pointer(u).f32(eps).pointer(sigma).i32(rows)
                    .launch(context, Kernel.SPECTRAL_NORMALISE, ONE_BLOCK);
        }
    }

    /** y = w / sigma, sigma [1] read on the device; overwrites y. */
    public void normalise(DeviceTensor w, DeviceTensor sigma, DeviceTensor y) {
        requireShape("sigma", sigma, 1);
        requireShape("y", y, w.shape());
        new KernelArgs().pointer(w).pointer(sigma).pointer(y).i32(w.size())
                .launch(context, Kernel.SPECTRAL_SCALE, LaunchGeometry.elementwiseGrid(w.size()));
    }

    /** dw = dy / sigma - (&lt;dy, w&gt; / sigma^2) u v^T for u and v held; overwrites dw. */
    public void normaliseBackward(DeviceTensor dy, DeviceTensor w, DeviceTensor u, DeviceTensor v,
                                  DeviceTensor sigma, DeviceTensor dw) {
        // y = w / s, s = u^T W v  =>  dw = dy / s - (<dy, w> / s^2) u v^T
        int rows = rows(w);
        requireVectors(w, u, v);
        requireShape("sigma", sigma, 1);
        requireShape("dy", dy, w.shape());
        requireShape("dw", dw, w.shape());
        LaunchGeometry.Grid dotGrid = new LaunchGeometry.Grid(
                Math.min(LaunchGeometry.ceilDiv(w.size(), LaunchGeometry.ELEMENTWISE_THREADS), MAX_DOT_PARTS), 1, 1);
        try (DeviceTensor dotPartials = DeviceTensor.allocate(context, dotGrid.x())) {
            new KernelArgs().pointer(dy).pointer(w).pointer(dotPartials).i32(w.size())
                    .launch(context, Kernel.SPECTRAL_DOT_PARTIALS, dotGrid);
            new KernelArgs().pointer(dy).pointer(u).pointer(v).pointer(sigma).pointer(dotPartials).i32(dotGrid.x())
                    .pointer(dw).i32(rows).i32(w.size() / rows)
                    .launch(context, Kernel.SPECTRAL_NORMALISE_BACKWARD, LaunchGeometry.elementwiseGrid(w.size()));
        }
    }

    private static int rows(DeviceTensor w) {
        if (w.rank() < 2 || w.size() == 0) {
            throw new IllegalArgumentException("spectral norm needs a non-empty weight of rank 2 or more, got shape "
                    + Shapes.toString(w.shape()));
        }
        return w.dim(0);
    }

    private static void requireVectors(DeviceTensor w, DeviceTensor u, DeviceTensor v) {
        requireShape("spectral norm u for a weight of shape " + Shapes.toString(w.shape()), u, w.dim(0));
        requireShape("spectral norm v for a weight of shape " + Shapes.toString(w.shape()), v, w.size() / w.dim(0));
    }
}
