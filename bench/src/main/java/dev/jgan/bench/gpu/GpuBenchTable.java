package dev.jgan.bench.gpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Joins the GPU benchmark's CSV files (jgan's from {@link GpuBench}, PyTorch's from bench/gpu_pytorch.py)
 * into one markdown table: per case, both medians, their ratio PyTorch/jgan (above 1: jgan is faster)
 * and both TFLOP/s; then, per precision, the geometric mean of the convolution ratios and how many
 * convolution cases are within 1.5x of PyTorch. Lines starting with {@code #} (which GPU, which
 * PyTorch) are printed above the table.
 * <pre>GpuBenchTable jgan.csv pytorch.csv</pre>
 */
public final class GpuBenchTable {
    /** The first target of the GPU issue: each convolution within this factor of cuDNN. */
    static final double TARGET_FACTOR = 1.5;

    private final List<String> sources = new ArrayList<>();
    private final Map<String, Pair> cases = new LinkedHashMap<>();

    /** One case's rows from the two implementations; either may be missing. */
    private record Pair(GpuBenchRow jgan, GpuBenchRow torch) {
        GpuBenchRow any() {
            return jgan != null ? jgan : torch;
        }

        /** PyTorch's median over jgan's, NaN unless both ran. */
        double ratio() {
            return jgan != null && torch != null && jgan.ran() && torch.ran() ? torch.msMedian() / jgan.msMedian()
                    : Double.NaN;
        }
    }

    /** Adds the lines of one CSV file. */
    public void add(List<String> lines, String source) {
        for (String line : lines) {
            if (line.startsWith("#")) {
                sources.add(line.substring(1).strip());
            } else if (!line.isBlank() && !line.equals(GpuBenchRow.HEADER)) {
                add(GpuBenchRow.parse(line), source);
            }
        }
    }

    private void add(GpuBenchRow row, String source) {
        boolean isJgan = row.impl().equals("jgan");
        if (!isJgan && !row.impl().equals("pytorch")) {
            throw new IllegalArgumentException(source + ": unknown implementation '" + row.impl() + "' (jgan or pytorch)");
        }
        Pair old = cases.getOrDefault(row.caseKey(), new Pair(null, null));
        if ((isJgan ? old.jgan() : old.torch()) != null) {
            throw new IllegalArgumentException(source + ": " + row.impl() + " timed " + row.caseKey().replace('|', ' ')
                    + " twice");
        }
        cases.put(row.caseKey(), isJgan ? new Pair(row, old.torch()) : new Pair(old.jgan(), row));
    }

    /** The markdown: sources, the table, the summary. */
    public String render() {
        StringBuilder md = new StringBuilder();
        for (String s : sources) {
            md.append("- ").append(s).append('\n');
        }
        md.append('\n')
                .append("| case | batch | pass | precision | jgan ms | PyTorch ms | PyTorch/jgan | jgan TFLOP/s | PyTorch TFLOP/s | notes |\n")
                .append("|---|---:|---|---|---:|---:|---:|---:|---:|---|\n");
        for (Pair p : cases.values()) {
            GpuBenchRow any = p.any();
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |%n", any.name(),
                    any.batch(), any.pass(), any.precision(), ms(p.jgan()), ms(p.torch()), format("%.2f", p.ratio()),
                    tflops(p.jgan()), tflops(p.torch()), notes(p)));
        }
        md.append('\n');
        for (String precision : List.of("FP32", "TF32")) {
            md.append(summary(precision));
        }
        return md.toString();
    }

    /** Geometric mean of the convolution cases' ratios in one precision, and the share within the target. */
    private String summary(String precision) {
        double logSum = 0;
        int count = 0;
        int withinTarget = 0;
        for (Pair p : cases.values()) {
            double ratio = p.ratio();
            if (p.any().precision().equals(precision) && !Double.isNaN(ratio) && !Double.isNaN(p.jgan().tflops())) {
                logSum += Math.log(ratio);
                count++;
                withinTarget += ratio >= 1 / TARGET_FACTOR ? 1 : 0;
            }
        }
        if (count == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "%s convolutions: geometric mean PyTorch/jgan %.2f over %d cases;"
                + " %d of %d within %.1fx of PyTorch.%n", precision, Math.exp(logSum / count), count, withinTarget,
                count, TARGET_FACTOR);
    }

    private static String ms(GpuBenchRow row) {
        return row == null || !row.ran() ? "-" : format("%.4g", row.msMedian());
    }

    private static String tflops(GpuBenchRow row) {
        return row == null ? "-" : format("%.3g", row.tflops());
    }

    private static String notes(Pair p) {
        List<String> notes = new ArrayList<>();
        if (p.jgan() == null) {
            notes.add("jgan: no row");
        } else if (!p.jgan().note().isEmpty()) {
            notes.add("jgan: " + p.jgan().note());
        }
        if (p.torch() == null) {
            notes.add("PyTorch: no row");
        } else if (!p.torch().note().isEmpty()) {
            notes.add("PyTorch: " + p.torch().note());
        }
        return String.join("; ", notes).replace("|", "/");
    }

    private static String format(String pattern, double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, pattern, v);
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: GpuBenchTable FILE.csv... (jgan's and PyTorch's GPU bench rows)");
            System.exit(2);
        }
        GpuBenchTable table = new GpuBenchTable();
        for (String file : args) {
            Path path = Path.of(file);
            if (!Files.isRegularFile(path)) {
                System.err.println("gpu bench table: " + file + " not found; its rows are missing from the table");
                continue;
            }
            table.add(Files.readAllLines(path), file);
        }
        System.out.print(table.render());
    }
}
