package dev.jgan.bench;

import dev.jgan.tensor.Vectors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * {@code --plan} writes the rows PyTorch should time instead of printing the table.
 */
public final class ResultTable {
    private ResultTable() {}

    /** Formats {@code rows}; {@code torch} (variant -> key -> timing) may be empty. */
    public static String format(List<BenchResult> rows, Map<String, Map<String, TorchTiming>> torch) {
        List<BenchResult> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingLong(BenchResult::order).thenComparing(BenchResult::op)
                .thenComparing(BenchResult::shape).thenComparingInt(BenchResult::threads));
        Map<Integer, Double> peak = new HashMap<>();
        for (BenchResult r : rows) {
            if (r.op().equals("fma")) {
                peak.put(r.threads(), r.gflops());
            }
        }
        Map<String, TorchTiming> same = torch.getOrDefault("same", Map.of());
        Map<String, TorchTiming> best = torch.getOrDefault("best", Map.of());
        boolean compare = !same.isEmpty() || !best.isEmpty();

        List<String[]> cells = new ArrayList<>();
        cells.add(compare
                ? new String[] {"benchmark", "shape", "thr", "ms/op", "GFLOP/s", "%peak",
                        "torch ms/op", "torch GFLOP/s", "jgan/torch", "best torch path", "jgan/best"}
                : new String[] {"benchmark", "shape", "thr", "ms/op", "GFLOP/s", "%peak"});
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
            String[] row = java.util.Arrays.copyOf(base, 11);
            row[6] = t == null ? "-" : millis(t.ms());
            row[7] = t == null ? "-" : fixed(r.flopsPerOp() / (t.ms() * 1e6), 1);
            row[8] = t == null ? "-" : fixed(t.ms() / r.msPerOp(), 2);
            row[9] = b == null ? "" : b.path() + " " + millis(b.ms()) + " ms";
            row[10] = b == null ? "" : fixed(b.ms() / r.msPerOp(), 2);
            cells.add(row);
        }
        StringBuilder out = new StringBuilder(layout(cells));
        out.append("GFLOP/s = 2 x multiply-adds / time; %peak = share of the FMA probe (fma row) at the same thread count.\n");
        if (compare) {
            out.append("jgan/torch = PyTorch time / jgan time (above 1: jgan faster); "
                    + "best torch path = fastest PyTorch route to the same result, where one differs.\n");
        }
        return out.toString();
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

    public static void main(String[] args) throws IOException {
        List<BenchResult> rows = new ArrayList<>();
        List<JmhResults.Allocation> allocations = new ArrayList<>();
        Map<String, Map<String, TorchTiming>> torch = Map.of();
        Path planFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--torch" -> torch = TorchTiming.parse(Files.readString(Path.of(args[++i])));
                case "--plan" -> planFile = Path.of(args[++i]);
                default -> {
                    String json = Files.readString(Path.of(args[i]));
                    int cores = Runtime.getRuntime().availableProcessors();
                    rows.addAll(JmhResults.parse(json, cores, Vectors.LANES));
                    allocations.addAll(JmhResults.allocations(json, cores));
                }
            }
        }
        if (planFile != null) {
            Files.writeString(planFile, plan(rows));
        } else {
            System.out.print(format(rows, torch) + allocationNotes(allocations));
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
                boolean text = c < 2 || c == 9;
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
