package dev.jgan.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Repeated rounds of a benchmark run, each one jgan's rows followed at once by PyTorch's timings
 * of the same rows, combined row by row: the median time on each side, and the speed ratio taken
 * within each round (so both sides of a ratio saw the machine in the same state) with its median
 * and range over the rounds. On a shared machine whose speed drifts by 10-20 % within minutes,
 * the per-round ratio is the figure to trust.
 */
public final class Rounds {
    /** One round: jgan's rows and PyTorch's timings (variant -> row key -> timing, possibly empty). */
    public record Round(List<BenchResult> rows, Map<String, Map<String, TorchTiming>> torch) {}

    /** The speed ratios PyTorch time / jgan time of one row over the rounds that measured both. */
    public record Ratio(double median, double min, double max, int rounds) {}

    private final List<BenchResult> rows;
    private final Map<String, Map<String, TorchTiming>> torch;
    private final Map<String, Map<String, Ratio>> ratios;

    private Rounds(List<BenchResult> rows, Map<String, Map<String, TorchTiming>> torch,
                   Map<String, Map<String, Ratio>> ratios) {
        this.rows = rows;
        this.torch = torch;
        this.ratios = ratios;
    }

    /** Combines {@code rounds} (at least one). */
    public static Rounds of(List<Round> rounds) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("no rounds to combine");
        }
        Map<String, List<BenchResult>> byKey = new LinkedHashMap<>();
        for (Round round : rounds) {
            for (BenchResult r : round.rows()) {
                byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
            }
        }
        List<BenchResult> medians = new ArrayList<>();
        for (List<BenchResult> measured : byKey.values()) {
            medians.add(middle(measured, BenchResult::msPerOp));
        }
        Map<String, Map<String, TorchTiming>> torchMedians = new HashMap<>();
        Map<String, Map<String, Ratio>> ratios = new HashMap<>();
        for (String variant : List.of("same", "best")) {
            Map<String, List<TorchTiming>> timings = new LinkedHashMap<>();
            Map<String, List<Double>> perRound = new LinkedHashMap<>();
            for (Round round : rounds) {
                Map<String, TorchTiming> ofVariant = round.torch().getOrDefault(variant, Map.of());
                for (BenchResult r : round.rows()) {
                    TorchTiming t = ofVariant.get(r.key());
                    if (t != null) {
                        timings.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(t);
                        perRound.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(t.ms() / r.msPerOp());
                    }
                }
            }
            Map<String, TorchTiming> median = new HashMap<>();
            timings.forEach((key, list) -> median.put(key, middle(list, TorchTiming::ms)));
            Map<String, Ratio> ratio = new HashMap<>();
            perRound.forEach((key, list) -> ratio.put(key, ratio(list)));
            torchMedians.put(variant, median);
            ratios.put(variant, ratio);
        }
        return new Rounds(medians, torchMedians, ratios);
    }

    /** One row per key: the measurement with the median time (the lower middle one of an even count). */
    public List<BenchResult> rows() {
        return rows;
    }

    /** PyTorch's median timing per variant and row key. */
    public Map<String, Map<String, TorchTiming>> torch() {
        return torch;
    }

    /** The per-round ratio of a row against a PyTorch variant, or null where no round measured both. */
    public Ratio ratio(String variant, String key) {
        return ratios.getOrDefault(variant, Map.of()).get(key);
    }

    private static <T> T middle(List<T> values, ToDoubleFunction<T> by) {
        List<T> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.comparingDouble(by));
        return sorted.get((sorted.size() - 1) / 2);
    }

    private static Ratio ratio(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Ratio(median, sorted.get(0), sorted.get(n - 1), n);
    }
}
