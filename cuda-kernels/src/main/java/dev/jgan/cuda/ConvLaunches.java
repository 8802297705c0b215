package dev.jgan.cuda;

import dev.jgan.cuda.LaunchGeometry.GemmSize;
import dev.jgan.cuda.LaunchGeometry.Grid;
import dev.jgan.cuda.LaunchGeometry.SplitK;
import java.util.function.Consumer;

/**
 * Launches the three implicit-GEMM convolution passes on a context's stream (shapes already checked), each in
 * float32 or on the TF32 tensor cores. A pass with few output tiles and a long reduction is split along K so
 * that the GPU has blocks enough ({@link LaunchGeometry#splitK}); its split sums go to a workspace that the
 * pass's summing kernel adds up in split order. Plans are cut for {@link LaunchGeometry#PLAN_MULTIPROCESSORS}
 * whatever the GPU, so a pass's bits depend on its shape (and {@link ConvTiles}, which sets how a split pass
 * splits) alone. Passes whose 128 x 128 tiles fill the GPU run
 * on those, the rest on 64 x 64 tiles. A forward or input-gradient pass with at most
 * {@link LaunchGeometry#NARROW_CONV_ROWS} GEMM rows runs on the narrow float32 kernels in either precision,
 * a thread per output pixel, or a block per pixel when there are few pixels and long sums. A strided input
 * gradient whose phases are all alike ({@link ConvShape#phased}) runs by sub-pixel phases, every phase in
 * the same launch, skipping the taps that cannot reach a pixel.
 */
final class ConvLaunches {
    /**
     * The kernel of one pass and its grid; for a tiled kernel, how its reduction is split (one split: none),
     * for a narrow one null; the sub-pixel phases the grid's z runs over (1: the pass is not by phases).
     */
    record Plan(Kernel kernel, Grid grid, SplitK split, int phases) {
        Plan(Kernel kernel, Grid grid, SplitK split) {
            this(kernel, grid, split, 1);
        }

        boolean tiled() {
            return split != null;
        }
    }

    /** A pass's tiled kernels: by precision, small and large tiles. */
    record TileKernels(Kernel fp32, Kernel fp32Large, Kernel tf32, Kernel tf32Large) {
        Kernel pick(Precision precision, boolean large) {
            return precision == Precision.TF32 ? (large ? tf32Large : tf32) : (large ? fp32Large : fp32);
        }
    }

    private static final TileKernels FORWARD_TILES = new TileKernels(Kernel.CONV2D_FORWARD_FP32,
            Kernel.CONV2D_FORWARD_FP32_LARGE, Kernel.CONV2D_FORWARD_TF32, Kernel.CONV2D_FORWARD_TF32_LARGE);
    private static final TileKernels BACKWARD_DATA_TILES = new TileKernels(Kernel.CONV2D_BACKWARD_DATA_FP32,
            Kernel.CONV2D_BACKWARD_DATA_FP32_LARGE, Kernel.CONV2D_BACKWARD_DATA_TF32,
            Kernel.CONV2D_BACKWARD_DATA_TF32_LARGE);
    private static final TileKernels PHASED_BACKWARD_DATA_TILES = new TileKernels(
            Kernel.CONV2D_BACKWARD_DATA_PHASED_FP32, Kernel.CONV2D_BACKWARD_DATA_PHASED_FP32_LARGE,
            Kernel.CONV2D_BACKWARD_DATA_PHASED_TF32, Kernel.CONV2D_BACKWARD_DATA_PHASED_TF32_LARGE);
    private static final TileKernels BACKWARD_WEIGHT_TILES = new TileKernels(Kernel.CONV2D_BACKWARD_WEIGHT_FP32,
            Kernel.CONV2D_BACKWARD_WEIGHT_FP32_LARGE, Kernel.CONV2D_BACKWARD_WEIGHT_TF32,
            Kernel.CONV2D_BACKWARD_WEIGHT_TF32_LARGE);

    private final CudaContext context;
    private final ConvTiles tiles;

    ConvLaunches(CudaContext context, ConvTiles tiles) {
        this.context = context;
        this.tiles = tiles;
    }

    /** y = conv(x, w) + bias. */
    void forward(ConvShape shape, DeviceTensor x, DeviceTensor w, DeviceTensor bias, DeviceTensor y,
                 Precision precision) {
        run(shape, shape.forwardGemm(), forwardPlan(shape, precision, tiles, LaunchGeometry.PLAN_MULTIPROCESSORS),
                Kernel.CONV2D_FORWARD_SUM_SPLITS, args -> args.pointer(x).pointer(w).pointerOrNull(bias).pointer(y),
                args -> args.pointerOrNull(bias).pointer(y));
    }

    /** dx = conv^T(dy, w) + bias (bias only for a transposed convolution's forward). */
    void backwardData(ConvShape shape, DeviceTensor dy, DeviceTensor w, DeviceTensor bias, DeviceTensor dx,
                      Precision precision) {
        run(shape, shape.backwardDataGemm(), backwardDataPlan(shape, precision, tiles, LaunchGeometry.PLAN_MULTIPROCESSORS),
                Kernel.CONV2D_BACKWARD_DATA_SUM_SPLITS,
                args -> args.pointer(dy).pointer(w).pointerOrNull(bias).pointer(dx),
                args -> args.pointerOrNull(bias).pointer(dx));
    }

    /** dw from dy and x. */
    void backwardWeight(ConvShape shape, DeviceTensor dy, DeviceTensor x, DeviceTensor dw, Precision precision) {
        run(shape, shape.backwardWeightGemm(), backwardWeightPlan(shape, precision, tiles, LaunchGeometry.PLAN_MULTIPROCESSORS),
                Kernel.CONV2D_BACKWARD_WEIGHT_SUM_SPLITS, args -> args.pointer(dy).pointer(x).pointer(dw),
                args -> args.pointer(dw));
    }

    /** The forward pass's kernel: narrow for at most NARROW_CONV_ROWS output channels, else the precision's tiles. */
    static Plan forwardPlan(ConvShape shape, Precision precision, ConvTiles tiles, int multiprocessors) {
        return plan(shape.forwardGemm(), precision, tiles, multiprocessors, Kernel.CONV2D_FORWARD_NARROW,
                Kernel.CONV2D_FORWARD_NARROW_DEEP, FORWARD_TILES);
    }

    /**
     * The input gradient's kernel: narrow for at most NARROW_CONV_ROWS input channels, else the precision's
     * tiles; by sub-pixel phases where the shape allows.
     */
    static Plan backwardDataPlan(ConvShape shape, Precision precision, ConvTiles tiles, int multiprocessors) {
        if (shape.phased() && shape.phases() <= LaunchGeometry.MAX_GRID_YZ) {
            return phasedBackwardDataPlan(shape, precision, tiles, multiprocessors);
        }
        return plan(shape.backwardDataGemm(), precision, tiles, multiprocessors, Kernel.CONV2D_BACKWARD_DATA_NARROW,
                Kernel.CONV2D_BACKWARD_DATA_NARROW_DEEP, BACKWARD_DATA_TILES);
    }

    /** The weight gradient's kernel: the precision's tiles. */
    static Plan backwardWeightPlan(ConvShape shape, Precision precision, ConvTiles tiles, int multiprocessors) {
        return tiles(shape.backwardWeightGemm(), 1, precision, tiles, multiprocessors, BACKWARD_WEIGHT_TILES);
    }

    /** The input gradient by phases: one phase's GEMM on each z of the grid (times the splits, when tiled). */
    private static Plan phasedBackwardDataPlan(ConvShape shape, Precision precision, ConvTiles tiles,
                                               int multiprocessors) {
        GemmSize phase = shape.phasedBackwardDataGemm();
        int phases = shape.phases();
        if (LaunchGeometry.narrow(phase)) {
            GemmSize allColumns = new GemmSize(phase.m(), phase.n() * phases, phase.k());
            return LaunchGeometry.narrowDeep(allColumns, multiprocessors)
                    ? new Plan(Kernel.CONV2D_BACKWARD_DATA_PHASED_NARROW_DEEP, new Grid(phase.n(), 1, phases), null,
                            phases)
                    : new Plan(Kernel.CONV2D_BACKWARD_DATA_PHASED_NARROW,
                            new Grid(LaunchGeometry.narrowGrid(phase).x(), 1, phases), null, phases);
        }
        return tiles(phase, phases, precision, tiles, multiprocessors, PHASED_BACKWARD_DATA_TILES);
    }

    private static Plan plan(GemmSize gemm, Precision precision, ConvTiles tiles, int multiprocessors, Kernel narrow,
                             Kernel narrowDeep, TileKernels kernels) {
        if (!LaunchGeometry.narrow(gemm)) {
            return tiles(gemm, 1, precision, tiles, multiprocessors, kernels);
        }
        return LaunchGeometry.narrowDeep(gemm, multiprocessors)
                ? new Plan(narrowDeep, new Grid(gemm.n(), 1, 1), null)
                : new Plan(narrow, LaunchGeometry.narrowGrid(gemm), null);
    }

    /**
     * The tiled kernel for {@code groups} GEMMs of this size in one launch (phases, else 1): the large tiles when
     * allowed and they fill the GPU ({@link LaunchGeometry#largeTiles}), else the small ones, the reduction split when the
     * tiles are few. A split plan has at most 2 multiprocessors / tiles splits of at most 16384 outputs a tile, so
     * its workspace stays far below 2^31.
     */
    private static Plan tiles(GemmSize gemm, int groups, Precision precision, ConvTiles tiles, int multiprocessors,
                              TileKernels kernels) {
        boolean large = tiles == ConvTiles.AUTOMATIC && LaunchGeometry.largeTiles(gemm, groups, multiprocessors);
        int tile = large ? LaunchGeometry.LARGE_TILE : LaunchGeometry.TILE_M;
        SplitK split = LaunchGeometry.splitK(gemm, tile, groups, multiprocessors);
        return new Plan(kernels.pick(precision, large), LaunchGeometry.convGrid(gemm, tile, groups * split.splits()),
                split, groups);
    }

    /**
     * Runs a plan. {@code operands} adds the pass kernel's pointers (inputs, then output); a tiled kernel takes its
     * workspace (0: none), the shape and its k chunk after them (and the number of splits when by phases), a
     * narrow one the shape. {@code outputs} adds the summing kernel's pointers after its workspace; the shape and
     * the number of splits follow. {@code gemm} is the pass's whole GEMM, whose M x N outputs a split's workspace
     * holds (for a pass by phases, all phases).
     */
    private void run(ConvShape shape, GemmSize gemm, Plan plan, Kernel sum, Consumer<KernelArgs> operands,
                     Consumer<KernelArgs> outputs) {
        KernelArgs args = new KernelArgs();
        operands.accept(args);
        if (!plan.tiled()) {
            args.shape(shape).launch(context, plan.kernel(), plan.grid());
            return;
        }
        SplitK split = plan.split();
        if (split.splits() == 1) {
            tileArgs(args.address(0L), shape, plan).launch(context, plan.kernel(), plan.grid());
            return;
        }
        int count = gemm.m() * gemm.n();
        try (DeviceBuffer workspace = new DeviceBuffer(context, split.splits() * count)) {
            tileArgs(args.address(workspace.address()), shape, plan).launch(context, plan.kernel(), plan.grid());
            KernelArgs sumArgs = new KernelArgs().address(workspace.address());
            outputs.accept(sumArgs);
            sumArgs.shape(shape).i32(split.splits()).launch(context, sum, LaunchGeometry.elementwiseGrid(count));
        }
    }

    /** A tiled kernel's arguments after its workspace: the shape, the k chunk, and the splits when by phases. */
    private static KernelArgs tileArgs(KernelArgs args, ConvShape shape, Plan plan) {
        args.shape(shape).i32(plan.split().chunk());
        return plan.phases() > 1 ? args.i32(plan.split().splits()) : args;
    }
}
