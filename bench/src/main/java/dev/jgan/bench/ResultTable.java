package dev.jgan.bench;

import dev.jgan.tensor.Vectors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark summary: one row per benchmark, shape and thread count with ms/op, GFLOP/s and
 * the share of the FMA peak measured at the same thread count; with PyTorch timings, also
 * PyTorch's GFLOP/s and the speed ratio jgan/PyTorch (above 1: jgan is faster).
 *
 * <p>Usage: {@code ResultTable [--torch torch.json] [--plan plan.json] jmh-result.json...};
 * {@code --plan} writes the rows PyTorch should time instead of printing the table. Repeated
 * rounds ({@code --round} before each) are combined by {@link Rounds}.
 */
public final class ResultTable {
    private ResultTable() {}

    /** Formats {@code rows}; {@code torch} (variant -> key -> timing) may be empty. */
    public static String format(List<BenchResult> rows, Map<String, Map<String, TorchTiming>> torch) {
        return format(Rounds.of(List.of(new Rounds.Round(rows, torch))));
    }

    /**
     * Formats the median rows of {@code rounds}, with the median per-round speed ratios against
     * PyTorch and, over more than one round, their range.
     */
    public static String format(Rounds rounds) {
        List<BenchResult> rows = rounds.rows();
        List<BenchResult> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingLong(BenchResult::order).thenComparing(BenchResult::op)
                .thenComparing(BenchResult::shape).thenComparingInt(BenchResult::threads));
        Map<Integer, Double> peak = new HashMap<>();
        for (BenchResult r : rows) {
            if (r.op().equals("fma")) {
                peak.put(r.threads(), r.gflops());
            }
        }
        Map<String, TorchTiming> same = rounds.torch().getOrDefault("same", Map.of());
        Map<String, TorchTiming> best = rounds.torch().getOrDefault("best", Map.of());
        boolean compare = !same.isEmpty() || !best.isEmpty();
        boolean repeated = false;
        for (BenchResult r : rows) {
            Rounds.Ratio ratio = shownRange(rounds, r);
            repeated |= ratio != null && ratio.rounds() > 1;
        }

        List<String[]> cells = new ArrayList<>();
        String[] header = compare
                ? new String[] {"benchmark", "shape", "thr", "ms/op", "GFLOP/s", "%peak",
                        "torch ms/op", "torch GFLOP/s", "jgan/torch", "best torch path", "jgan/best", "range"}
                : new String[] {"benchmark", "shape", "thr", "ms/op", "GFLOP/s", "%peak"};
        cells.add(repeated ? header : Arrays.copyOf(header, Math.min(header.length, 11)));
        for (BenchResult r : sorted) {
            Double p = peak.get(r.threads());
            String[] base = {r.op(), r.shapeLabel(), Integer.toString(r.threads()), millis(r.msPerOp()),
                    fixed(r.gflops(), 1), p == null ? "-" : fixed(100 * r.gflops() / p, 1)};
            if (!compare) {
                cells.add(base);
                continue;
            }
            TorchTiming t = same.get(r.key());
            TorchTiming b = best.get(r.key());
            Rounds.Ratio sameRatio = rounds.ratio("same", r.key());
            Rounds.Ratio bestRatio = rounds.ratio("best", r.key());
            String[] row = Arrays.copyOf(base, repeated ? 12 : 11);
            row[6] = t == null ? "-" : millis(t.ms());
            row[7] = t == null ? "-" : fixed(r.flopsPerOp() / (t.ms() * 1e6), 1);
            row[8] = sameRatio == null ? "-" : fixed(sameRatio.median(), 2);
            row[9] = b == null ? "" : b.path() + " " + millis(b.ms()) + " ms";
            row[10] = bestRatio == null ? "" : fixed(bestRatio.median(), 2);
            if (repeated) {
                Rounds.Ratio range = shownRange(rounds, r);
                row[11] = range == null ? "" : fixed(range.min(), 2) + "-" + fixed(range.max(), 2);
            }
            cells.add(row);
        }
        StringBuilder out = new StringBuilder(layout(cells));
        out.append("GFLOP/s = 2 x multiply-adds / time; %peak = share of the FMA probe (fma row) at the same thread count.\n");
        if (compare) {
            out.append("jgan/torch = PyTorch time / jgan time (above 1: jgan faster); "
                    + "best torch path = fastest PyTorch route to the same result, where one differs.\n");
        }
        if (repeated) {
            out.append("Over several rounds (jgan, then PyTorch, in each): times are medians; ratios are the median of the "
                    + "ratios within each round; range = lowest-highest of those (jgan/best where shown, else jgan/torch).\n");
        }
        return out.toString();
    }

    /** The ratio whose range the table shows: against the best path where there is one. */
    private static Rounds.Ratio shownRange(Rounds rounds, BenchResult r) {
        Rounds.Ratio best = rounds.ratio("best", r.key());
        return best != null ? best : rounds.ratio("same", r.key());
    }

    /** One line per measured allocation, "benchmark params thr: N bytes per call"; empty when none was measured. */
    public static String allocationNotes(List<JmhResults.Allocation> allocations) {
        if (allocations.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("allocated per call (JMH -prof gc, gc.alloc.rate.norm):\n");
        for (JmhResults.Allocation a : allocations) {
            out.append(String.format(Locale.ROOT, "  %s %s %d thr: %,.0f bytes%n", a.benchmark(), a.params(), a.threads(),
                    a.bytesPerOp()));
        }
        return out.toString();
    }

    /** The rows PyTorch can time (everything but the FMA probe and unknown benchmarks), as JSON. */
    public static String plan(List<BenchResult> rows) {
        StringBuilder json = new StringBuilder("[\n");
        String sep = "";
        for (BenchResult r : rows) {
            if (r.op().equals("fma") || Double.isNaN(r.flopsPerOp())) {
                continue;
            }
            json.append(sep).append("  {\"op\": ").append(Json.quote(r.op()))
                    .append(", \"shape\": ").append(Json.quote(r.shape()))
                    .append(", \"threads\": ").append(r.threads()).append('}');
            sep = ",\n";
        }
        return json.append("\n]\n").toString();
    }

    /**
     * {@code [--plan plan.json] [--round] jmh.json... [--torch torch.json] [--round ...]}: each
     * {@code --round} starts a round; without one, everything is one round.
     */
    public static void main(String[] args) throws IOException {
        List<Rounds.Round> rounds = new ArrayList<>();
        List<BenchResult> rows = new ArrayList<>();
        List<BenchResult> allRows = new ArrayList<>();
        List<JmhResults.Allocation> allocations = new ArrayList<>();
        Map<String, Map<String, TorchTiming>> torch = Map.of();
        Path planFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--torch" -> torch = TorchTiming.parse(Files.readString(Path.of(args[++i])));
                case "--plan" -> planFile = Path.of(args[++i]);
                case "--round" -> {
                    if (!rows.isEmpty()) {
                        rounds.add(new Rounds.Round(rows, torch));
                    }
                    rows = new ArrayList<>();
                    torch = Map.of();
                }
                default -> {
                    String json = Files.readString(Path.of(args[i]));
                    int cores = Runtime.getRuntime().availableProcessors();
                    List<BenchResult> parsed = JmhResults.parse(json, cores, Vectors.LANES);
                    rows.addAll(parsed);
                    allRows.addAll(parsed);
                    allocations.addAll(JmhResults.allocations(json, cores));
                }
            }
        }
        if (!rows.isEmpty()) {
            rounds.add(new Rounds.Round(rows, torch));
        }
        if (planFile != null) {
            Files.writeString(planFile, plan(allRows));
        } else {
            System.out.print(format(Rounds.of(rounds)) + allocationNotes(allocations));
        }
    }

    private static String layout(List<String[]> cells) {
        int columns = cells.get(0).length;
        int[] width = new int[columns];
        for (String[] row : cells) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String pad = " ".repeat(width[c] - row[c].length());
                boolean text = c < 2 || c == 9 || c == 11;
                line.append(c == 0 ? "" : "  ").append(text ? row[c] + pad : pad + row[c]);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String millis(double ms) {
        return fixed(ms, ms < 10 ? 3 : ms < 100 ? 2 : 1);
    }

    private static String fixed(double value, int decimals) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
