package dev.jgan.bench.gpu;

import dev.jgan.bench.LayerShape;
import dev.jgan.bench.LayerShapes;
import dev.jgan.cuda.ConvTiles;
import dev.jgan.cuda.CudaContext;
import dev.jgan.cuda.CudaRuntime;
import dev.jgan.cuda.Precision;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The GPU benchmark's jgan side: every convolution layer of {@link LayerShapes} at each conv batch,
 * forward and both backwards, in FP32 and TF32; the DCGAN-MNIST training step; the BigGAN-deep-256
 * forward (random weights). Writes one {@link GpuBenchRow} CSV row per case to stdout (bench/gpu_pytorch.py writes the
 * same rows for PyTorch, {@link GpuBenchTable} joins them); progress goes to stderr.
 * <pre>
 * GpuBench [--quick] [--only PREFIX,...] [--conv-batches 64,256] [--dcgan-batches 128,1024] [--biggan-batches 1,16]
 *          [--small-tiles]
 * </pre>
 * {@code --only} keeps the cases whose name starts with one of the prefixes (layer names,
 * {@code dcgan-mnist}, {@code biggan-deep-256}). {@code --small-tiles} times every convolution layer a second
 * time on 64 x 64 tiles only ({@link ConvTiles#SMALL}), in rows named {@code <layer> 64x64-tiles}, to measure
 * what the automatic choice of 128 x 128 tiles brings. Exit status: 0 when every case ran or was skipped
 * for a stated reason, 1 when a case failed, 2 on bad arguments, 3 without a usable GPU.
 */
public final class GpuBench {
    private static final List<Precision> PRECISIONS = List.of(Precision.FP32, Precision.TF32);

    private GpuBench() {}

    /** What to run, from the command line. */
    record Options(boolean quick, List<String> only, int[] convBatches, int[] dcganBatches, int[] bigganBatches,
                   boolean smallTiles) {
        static Options parse(String... args) {
            boolean quick = false;
            boolean smallTiles = false;
            List<String> only = List.of();
            int[] conv = {64, 256};
            int[] dcgan = {128, 1024};
            int[] biggan = {1, 16};
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--quick")) {
                    quick = true;
                    continue;
                }
                if (a.equals("--small-tiles")) {
                    smallTiles = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("unknown option or missing value: " + a);
                }
                String value = args[++i];
                switch (a) {
                    case "--only" -> only = List.of(value.split(","));
                    case "--conv-batches" -> conv = batches(a, value);
                    case "--dcgan-batches" -> dcgan = batches(a, value);
                    case "--biggan-batches" -> biggan = batches(a, value);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            return new Options(quick, only, conv, dcgan, biggan, smallTiles);
        }

        boolean selects(String name) {
            return only.isEmpty() || only.stream().anyMatch(name::startsWith);
        }

        Timing.Settings settings() {
            return quick ? Timing.Settings.QUICK : Timing.Settings.FULL;
        }

        private static int[] batches(String option, String list) {
            int[] b = Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
            if (Arrays.stream(b).anyMatch(n -> n < 1)) {
                throw new IllegalArgumentException(option + " needs positive batch sizes, got " + list);
            }
            return b;
        }
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("gpu bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (!CudaRuntime.isAvailable()) {
            System.err.println("gpu bench: not run, no usable GPU: " + CudaRuntime.unavailableReason());
            System.exit(3);
        }
        System.exit(run(options, System.out, System.err) ? 0 : 1);
    }

    /** Runs the selected cases; true unless one failed. */
    static boolean run(Options options, PrintStream rows, PrintStream log) {
        boolean ok = true;
        try (CudaContext context = CudaContext.open(0)) {
            rows.println("# jgan on " + context.deviceName() + ", " + (options.quick() ? "quick" : "full") + " timing");
            rows.println(GpuBenchRow.HEADER);
            ConvLayerBench convs = new ConvLayerBench(context, ConvTiles.AUTOMATIC);
            ConvLayerBench smallTiles = options.smallTiles() ? new ConvLayerBench(context, ConvTiles.SMALL) : null;
            for (LayerShape layer : LayerShapes.ALL) {
                if (!options.selects(layer.name())) {
                    continue;
                }
                for (int batch : options.convBatches()) {
                    ok &= emit(convs.run(layer, batch, PRECISIONS, options.settings()), rows, log);
                    if (smallTiles != null) {
                        ok &= emit(smallTiles.run(layer, batch, PRECISIONS, options.settings()), rows, log);
                    }
                }
            }
            if (options.selects(DcganStepGpuBench.NAME)) {
                for (int batch : options.dcganBatches()) {
                    for (Precision precision : PRECISIONS) {
                        ok &= emit(List.of(DcganStepGpuBench.run(context, batch, precision, options.settings())), rows,
                                log);
                    }
                }
            }
            if (options.selects(BigGanGpuBench.NAME)) {
                BigGanGpuBench biggan = new BigGanGpuBench(context);
                for (int batch : options.bigganBatches()) {
                    for (Precision precision : PRECISIONS) {
                        ok &= emit(List.of(biggan.run(batch, precision, options.settings())), rows, log);
                    }
                }
            }
        }
        return ok;
    }

    /** Prints the rows and a progress line each; false if one failed. */
    private static boolean emit(List<GpuBenchRow> batch, PrintStream rows, PrintStream log) {
        boolean ok = true;
        for (GpuBenchRow row : batch) {
            rows.println(row.toCsv());
            log.printf("gpu bench: %-16s N%-5d %-15s %-5s %s%n", row.name(), row.batch(), row.pass(), row.precision(),
                    row.ran() ? String.format("%10.4f ms%s %s", row.msMedian(), Double.isNaN(row.tflops()) ? ""
                            : String.format(" %8.2f TFLOP/s", row.tflops()), row.note()) : row.note());
            ok &= !row.note().startsWith("failed");
        }
        rows.flush();
        return ok;
    }
}
