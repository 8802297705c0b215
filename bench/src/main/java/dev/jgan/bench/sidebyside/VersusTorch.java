package dev.jgan.bench.sidebyside;

import dev.jgan.bench.FmaPeakBench;
import dev.jgan.bench.LayerShape;
import dev.jgan.bench.LayerShapes;
import dev.jgan.bench.sidebyside.SideBySide.Case;
import dev.jgan.tensor.Parallel;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * jgan's conv kernels and PyTorch's timed in lockstep: for each layer pass, a turn of jgan in this
 * JVM, then a turn of the same pass in a PyTorch process ({@link TorchWorker}), repeated; each side
 * waits for its threads to go idle before the other's turn. Pairing turns this way keeps the
 * ratio fair while the shared machine's speed drifts, which timing the two suites minutes apart does not.
 * For each of PyTorch's routes to a result (a transposed convolution can also run as a conv gradient)
 * it prints the median per-pair ratio PyTorch time / jgan time; the route with the lowest median time
 * is PyTorch's best path, marked {@code *}.
 *
 * <p>Usage: {@code VersusTorch --python PY --worker torch_lockstep.py [--reps N] [--warmup-ms MS]
 * [--turn-ms MS] [--pin] LAYER[:PASS]...}; {@code bench/vs-torch} calls this. {@code --pin} binds
 * jgan's threads one to a CPU ({@link ThreadPinning}).
 */
public final class VersusTorch {
    private static final int DEFAULT_REPS = 30;
    private static final long DEFAULT_WARMUP_NANOS = 3_000_000_000L;
    private static final int DEFAULT_TURN_MS = 10;
    /** The bar: each pass at least this fraction of PyTorch's best speed. */
    private static final double TARGET_RATIO = 0.8;

    private VersusTorch() {}

    /** One row: jgan against one PyTorch route for one layer pass. */
    record Row(String route, AlternatingTimes torchThenJgan) {
        double ratio() {
            return torchThenJgan.medianRatio();
        }
    }

    public static void main(String[] args) {
        try {
            run(args, System.out);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("vs-torch: " + e.getMessage());
            System.exit(2);
        }
    }

    static void run(String[] args, PrintStream out) {
        List<String> positional = new ArrayList<>();
        String python = null;
        String worker = null;
        int reps = DEFAULT_REPS;
        long warmupNanos = DEFAULT_WARMUP_NANOS;
        int turnMs = DEFAULT_TURN_MS;
        boolean pin = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--python" -> python = value(args, ++i, "--python");
                case "--worker" -> worker = value(args, ++i, "--worker");
                case "--reps" -> reps = SideBySide.count(args, ++i, "--reps");
                case "--warmup-ms" -> warmupNanos = SideBySide.count(args, ++i, "--warmup-ms") * 1_000_000L;
                case "--turn-ms" -> turnMs = SideBySide.count(args, ++i, "--turn-ms");
                case "--pin" -> pin = true;
                default -> positional.add(args[i]);
            }
        }
        if (python == null || worker == null || positional.isEmpty()) {
            throw new IllegalArgumentException("usage: VersusTorch --python PY --worker torch_lockstep.py"
                    + " [--reps N] [--warmup-ms MS] [--turn-ms MS] [--pin] LAYER[:PASS]...");
        }
        List<Case> cases = SideBySide.cases(positional);
        int threads = Parallel.threads();
        double peak = FmaPeakBench.probeGflops(200);
        List<String> command = List.of(python, worker, "--threads", Integer.toString(threads),
                "--turn-ms", Integer.toString(turnMs));
        List<Row> best = new ArrayList<>();
        try (TorchWorker torch = new TorchWorker(command)) {
            // after the worker has started: a child process inherits the CPUs of the thread that starts it
            String pinned = pin ? ", bound to CPUs " + ThreadPinning.pinKernelThreads() : "";
            out.printf(Locale.ROOT, "jgan on %d thread(s)%s, FMA probe %.1f GFLOP/s; %s%n", threads, pinned, peak,
                    torch.banner());
            out.printf(Locale.ROOT, "%-14s %-15s %21s %8s %6s  %-26s %21s %19s%n", "layer", "pass",
                    "jgan ms median (best)", "GFLOP/s", "%peak", "PyTorch route", "ms median (best)",
                    "torch/jgan (best)");
            for (Case c : cases) {
                best.add(measure(c, torch, reps, warmupNanos, turnMs, peak, out));
            }
        }
        long met = best.stream().filter(r -> r.ratio() >= TARGET_RATIO).count();
        out.printf(Locale.ROOT, "torch/jgan: median over %d pairs of turns of PyTorch time / jgan time"
                + " (above 1: jgan is faster), then PyTorch's best turn / jgan's best turn, a second view when the"
                + " machine is noisy; * marks PyTorch's best route."
                + " At >= %.1fx the best route: %d of %d passes%n",
                reps, TARGET_RATIO, met, best.size());
    }

    /** Times every PyTorch route of one case against jgan and prints a line each; returns the best route's row. */
    private static Row measure(Case c, TorchWorker torch, int reps, long warmupNanos, int turnMs, double peak,
                               PrintStream out) {
        LayerShape shape = LayerShapes.byName(c.layer());
        List<String> routes = torch.routes(shape.kind().label() + "." + c.pass(), c.layer());
        CalibratedTurn jgan = new CalibratedTurn(new ConvPassCall(c.layer(), c.pass()), turnMs);
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < routes.size(); r++) {
            int route = r;
            rows.add(new Row(routes.get(r), AlternatingTimes.measure(() -> torch.turn(route), jgan, reps,
                    r == 0 ? warmupNanos : 0)));
        }
        Row best = rows.stream().min(Comparator.comparingDouble(row -> row.torchThenJgan().medianA())).orElseThrow();
        for (Row row : rows) {
            AlternatingTimes t = row.torchThenJgan();
            double gflops = 2.0 * shape.macs() / (t.medianB() * 1e6);
            out.printf(Locale.ROOT,
                    "%-14s %-15s %12.3f (%6.3f) %8.1f %6.1f  %-26s %12.3f (%6.3f) %10.2fx (%5.2fx)%s%n",
                    c.layer(), c.pass(), t.medianB(), t.bestB(), gflops, 100 * gflops / peak, row.route(),
                    t.medianA(), t.bestA(), row.ratio(), t.bestA() / t.bestB(),
                    rows.size() > 1 && row == best ? " *" : "");
        }
        return best;
    }

    private static String value(String[] args, int i, String option) {
        if (i == args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
