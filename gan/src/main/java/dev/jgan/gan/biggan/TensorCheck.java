package dev.jgan.gan.biggan;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Checks a set of named tensors against the names and shapes a configuration implies. */
final class TensorCheck {
    private static final int LISTED = 8;

    private TensorCheck() {}

    /**
     * Throws unless {@code found} holds exactly the names of {@code expected}, each with its
     * shape; the message names every missing, mis-shaped and unexpected tensor (the first few
     * of each kind when there are many) with both shapes.
     */
    static void requireExactly(String source, Map<String, int[]> expected, Map<String, Tensor> found) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            Tensor t = found.get(e.getKey());
            if (t == null) {
                problems.add("missing tensor '" + e.getKey() + "' (the config needs shape "
                        + Shapes.toString(e.getValue()) + ")");
            } else if (!Arrays.equals(t.shape(), e.getValue())) {
                problems.add("tensor '" + e.getKey() + "' has shape " + t.shapeString() + " but the config needs "
                        + Shapes.toString(e.getValue()));
            }
        }
        for (Map.Entry<String, Tensor> e : found.entrySet()) {
            if (!expected.containsKey(e.getKey())) {
                problems.add("unexpected tensor '" + e.getKey() + "' of shape " + e.getValue().shapeString()
                        + " (not part of this config)");
            }
        }
        if (problems.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder(source).append(" does not match its config: ");
        message.append(String.join("; ", problems.subList(0, Math.min(LISTED, problems.size()))));
        if (problems.size() > LISTED) {
            message.append("; and ").append(problems.size() - LISTED).append(" more");
        }
        throw new IllegalArgumentException(message.toString());
    }
}
