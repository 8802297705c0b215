package dev.jgan.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns JMH's JSON result file ({@code -rf json}) into {@link BenchResult} rows, attaching the
 * FLOP count of each benchmark: FMA probe from its constants, GEMM 2 n^3, convolutions 2 x MACs
 * from {@link LayerShapes}. The kernel thread count and vector width come from the fork's
 * {@code -Djgan.threads} / {@code -Djgan.vector.bits}, else from the given defaults.
 */
public final class JmhResults {
    private static final String PACKAGE = "dev.jgan.bench.";
    private static final List<String> CONV_OPS = List.of("forward", "backwardInput", "backwardWeight");

    /** Bytes one call of a benchmark allocated, as JMH's {@code -prof gc} measured it (gc.alloc.rate.norm). */
    public record Allocation(String benchmark, String params, int threads, double bytesPerOp) {}

    private JmhResults() {}

    /**
     * @param defaultThreads kernel threads when the run did not set jgan.threads
     * @param defaultLanes   float lanes per vector when the run did not set jgan.vector.bits
     */
    public static List<BenchResult> parse(String jsonText, int defaultThreads, int defaultLanes) {
        List<BenchResult> rows = new ArrayList<>();
        for (Object entry : (List<?>) Json.parse(jsonText)) {
            rows.add(row((Map<?, ?>) entry, defaultThreads, defaultLanes));
        }
        return rows;
    }

    private static BenchResult row(Map<?, ?> entry, int defaultThreads, int defaultLanes) {
        String benchmark = (String) entry.get("benchmark");
        List<?> jvmArgs = entry.get("jvmArgs") instanceof List<?> list ? list : List.of();
        int threads = intProperty(jvmArgs, "jgan.threads", defaultThreads);
        int lanes = intProperty(jvmArgs, "jgan.vector.bits", defaultLanes * 32) / 32;
        Map<?, ?> params = entry.get("params") instanceof Map<?, ?> map ? map : Map.of();
        Map<?, ?> metric = (Map<?, ?>) entry.get("primaryMetric");
        double ms = toMillis(number(metric.get("score")), (String) metric.get("scoreUnit"));
        double error = toMillis(number(metric.get("scoreError")), (String) metric.get("scoreUnit"));

        String name = benchmark.startsWith(PACKAGE) ? benchmark.substring(PACKAGE.length()) : benchmark;
        switch (name) {
            case "FmaPeakBench.peak" -> {
                return new BenchResult("fma", "peak",
                        FmaPeakBench.CHAINS + " chains x " + lanes + " lanes",
                        threads, ms, error, FmaPeakBench.flopsPerCall(lanes, threads), 0);
            }
            case "GemmBench.sgemm" -> {
                int n = Integer.parseInt((String) params.get("size"));
                return new BenchResult("sgemm", Integer.toString(n), n + "x" + n + "x" + n,
                        threads, ms, error, 2.0 * n * n * n, (1L << 40) + n);
            }
            default -> {
                int dot = name.indexOf('.');
                String method = name.substring(dot + 1);
                if (name.startsWith("ConvBench.") && params.get("layer") instanceof String layer) {
                    LayerShape shape = LayerShapes.byName(layer);
                    long order = (2L << 40) + (long) LayerShapes.ALL.indexOf(shape) * 16 + CONV_OPS.indexOf(method);
                    return new BenchResult(shape.kind().label() + "." + method, layer,
                            layer + "  " + shape.describe(), threads, ms, error, 2.0 * shape.macs(), order);
                }
                String shape = params.isEmpty() ? "-" : params.toString();
                return new BenchResult(name, shape, shape, threads, ms, error, Double.NaN, 3L << 40);
            }
        }
    }

    /** The allocation each result measured with {@code -prof gc}; results without it are left out. */
    public static List<Allocation> allocations(String jsonText, int defaultThreads) {
        List<Allocation> found = new ArrayList<>();
        for (Object item : (List<?>) Json.parse(jsonText)) {
            Map<?, ?> entry = (Map<?, ?>) item;
            if (entry.get("secondaryMetrics") instanceof Map<?, ?> secondary
                    && secondary.get("gc.alloc.rate.norm") instanceof Map<?, ?> norm) {
                String benchmark = (String) entry.get("benchmark");
                List<?> jvmArgs = entry.get("jvmArgs") instanceof List<?> list ? list : List.of();
                Map<?, ?> params = entry.get("params") instanceof Map<?, ?> map ? map : Map.of();
                found.add(new Allocation(benchmark.startsWith(PACKAGE) ? benchmark.substring(PACKAGE.length()) : benchmark,
                        params.isEmpty() ? "" : params.toString(), intProperty(jvmArgs, "jgan.threads", defaultThreads),
                        number(norm.get("score"))));
            }
        }
        return found;
    }

    private static int intProperty(List<?> jvmArgs, String property, int fallback) {
        String prefix = "-D" + property + "=";
        int value = fallback;
        for (Object arg : jvmArgs) {
            if (arg instanceof String s && s.startsWith(prefix)) {
                value = Integer.parseInt(s.substring(prefix.length()).trim());
            }
        }
        return value;
    }

    private static double number(Object value) {
        return value instanceof Double d ? d : Double.NaN;
    }

    private static double toMillis(double value, String unit) {
        return switch (unit) {
            case "ms/op" -> value;
            case "us/op" -> value / 1e3;
            case "ns/op" -> value / 1e6;
            case "s/op" -> value * 1e3;
            default -> throw new IllegalArgumentException(
                    "unsupported JMH score unit '" + unit + "' (the table needs average-time results)");
        };
    }
}
