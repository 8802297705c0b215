package dev.jgan.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One PyTorch timing written by bench/compare_pytorch.py: the same operation/shape/thread keys
 * as {@link BenchResult}, the median milliseconds per call, which PyTorch call was timed, and its
 * variant: {@code same} (the equivalent PyTorch operation) or {@code best} (the fastest PyTorch
 * route to the same result, e.g. a transposed convolution computed as conv2d's input gradient).
 */
public record TorchTiming(String op, String shape, int threads, String variant, String path, double ms) {

    public String key() {
        return BenchResult.key(op, shape, threads);
    }

    /** Reads the script's JSON ({@code {"torch": version, "results": [...]}}), keyed by variant then row key. */
    public static Map<String, Map<String, TorchTiming>> parse(String jsonText) {
        Map<?, ?> root = (Map<?, ?>) Json.parse(jsonText);
        Map<String, Map<String, TorchTiming>> byVariant = new HashMap<>();
        for (Object item : (List<?>) root.get("results")) {
            Map<?, ?> r = (Map<?, ?>) item;
            TorchTiming t = new TorchTiming((String) r.get("op"), (String) r.get("shape"),
                    ((Double) r.get("threads")).intValue(), (String) r.get("variant"),
                    (String) r.get("path"), (Double) r.get("ms"));
            byVariant.computeIfAbsent(t.variant(), v -> new HashMap<>()).put(t.key(), t);
        }
        return byVariant;
    }
}
