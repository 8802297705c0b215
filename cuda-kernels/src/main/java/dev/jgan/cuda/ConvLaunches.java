package dev.jgan.cuda;

import dev.jgan.cuda.LaunchGeometry.GemmSize;
import dev.jgan.cuda.LaunchGeometry.SplitK;

/**
 * Launches the three implicit-GEMM convolution kernels on a context's stream (shapes already checked), each in
 * float32 or on the TF32 tensor cores; a forward or input-gradient pass with at most
 * {@link LaunchGeometry#NARROW_CONV_ROWS} GEMM rows runs on the narrow float32 kernels in either precision,
 * a thread per output pixel, or a block per pixel when there are few pixels and long sums.
 */
final class ConvLaunches {
    /** The kernel of one pass and its grid. */
    record Plan(Kernel kernel, LaunchGeometry.Grid grid) {}

    private final CudaContext context;

    ConvLaunches(CudaContext context) {
        this.context = context;
    }

    /** y = conv(x, w) + bias. */
    void forward(ConvShape shape, DeviceTensor x, DeviceTensor w, DeviceTensor bias, DeviceTensor y,
                 Precision precision) {
        Plan plan = forwardPlan(shape, precision, context.multiprocessors());
        new KernelArgs().pointer(x).pointer(w).pointerOrNull(bias).pointer(y).shape(shape)
                .launch(context, plan.kernel(), plan.grid());
    }

    /** dx = conv^T(dy, w) + bias (bias only for a transposed convolution's forward). */
    void backwardData(ConvShape shape, DeviceTensor dy, DeviceTensor w, DeviceTensor bias, DeviceTensor dx,
                      Precision precision) {
        Plan plan = backwardDataPlan(shape, precision, context.multiprocessors());
        new KernelArgs().pointer(dy).pointer(w).pointerOrNull(bias).pointer(dx).shape(shape)
                .launch(context, plan.kernel(), plan.grid());
    }

    /** The forward pass's kernel: narrow for at most NARROW_CONV_ROWS output channels, else the precision's tiles. */
    static Plan forwardPlan(ConvShape shape, Precision precision, int multiprocessors) {
        return plan(shape.forwardGemm(), precision, multiprocessors, Kernel.CONV2D_FORWARD_NARROW,
                Kernel.CONV2D_FORWARD_NARROW_DEEP, Kernel.CONV2D_FORWARD_FP32, Kernel.CONV2D_FORWARD_TF32);
    }

    /** The input gradient's kernel: narrow for at most NARROW_CONV_ROWS input channels, else the precision's tiles. */
    static Plan backwardDataPlan(ConvShape shape, Precision precision, int multiprocessors) {
        return plan(shape.backwardDataGemm(), precision, multiprocessors, Kernel.CONV2D_BACKWARD_DATA_NARROW,
                Kernel.CONV2D_BACKWARD_DATA_NARROW_DEEP, Kernel.CONV2D_BACKWARD_DATA_FP32,
                Kernel.CONV2D_BACKWARD_DATA_TF32);
    }

    private static Plan plan(GemmSize gemm, Precision precision, int multiprocessors, Kernel narrow, Kernel narrowDeep,
                             Kernel fp32, Kernel tf32) {
        if (LaunchGeometry.narrow(gemm)) {
            return LaunchGeometry.narrowDeep(gemm, multiprocessors)
                    ? new Plan(narrowDeep, new LaunchGeometry.Grid(gemm.n(), 1, 1))
                    : new Plan(narrow, LaunchGeometry.narrowGrid(gemm));
        }
        return new Plan(precision == Precision.TF32 ? tf32 : fp32, LaunchGeometry.convGrid(gemm, 1));
    }

    /** dw from dy and x; a long reduction is split, its partial sums added in a fixed order. */
    void backwardWeight(ConvShape shape, DeviceTensor dy, DeviceTensor x, DeviceTensor dw, Precision precision) {
        GemmSize gemm = shape.backwardWeightGemm();
        SplitK split = LaunchGeometry.splitK(gemm, context.multiprocessors());
        long partials = (long) split.splits() * gemm.m() * gemm.n();
        if (split.splits() == 1 || partials > Integer.MAX_VALUE) {
            launchBackwardWeight(shape, dy, x, dw.address(), new SplitK(1, gemm.k()), precision);
            return;
        }
        try (DeviceBuffer workspace = new DeviceBuffer(context, (int) partials)) {
            launchBackwardWeight(shape, dy, x, workspace.address(), split, precision);
            int count = gemm.m() * gemm.n();
            new KernelArgs().address(workspace.address()).pointer(dw).i32(split.splits()).i32(count)
                    .launch(context, Kernel.SUM_SPLIT_PARTIALS, LaunchGeometry.elementwiseGrid(count));
        }
    }

    private void launchBackwardWeight(ConvShape shape, DeviceTensor dy, DeviceTensor x, long out, SplitK split,
                                      Precision precision) {
        Kernel kernel = precision == Precision.TF32
                ? Kernel.CONV2D_BACKWARD_WEIGHT_TF32 : Kernel.CONV2D_BACKWARD_WEIGHT_FP32;
        new KernelArgs().pointer(dy).pointer(x).address(out).shape(shape).i32(split.chunk())
                .launch(context, kernel, LaunchGeometry.convGrid(shape.backwardWeightGemm(), split.splits()));
    }
}
