package dev.jgan.nn.state;

import dev.jgan.nn.Module;
import dev.jgan.nn.io.SafeTensors;
import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Saves and loads named tensors (a module's {@link Module#state()}, an optimizer's state)
 * as safetensors files. Loading is strict: every expected name must be present with its
 * shape and no other name may appear, except PyTorch's {@code num_batches_tracked}
 * counters, which jgan does not keep; all problems are reported together.
 */
public final class StateFile {
    private static final String IGNORED_SUFFIX = "num_batches_tracked";

    private StateFile() {}

    public static void save(Module module, Path file) throws IOException {
        save(module.state(), file);
    }

    /** Writes the tensors in their iteration order (atomically: a crash leaves the old file). */
    public static void save(Map<String, Tensor> tensors, Path file) throws IOException {
        SafeTensors.write(file, tensors, Map.of("format", "pt"));
    }

    public static void load(Module module, Path file) throws IOException {
        copyInto(module.state(), read(file), file.toString());
    }

    public static Map<String, Tensor> read(Path file) throws IOException {
        return SafeTensors.read(file).tensors();
    }

    /**
     * Copies {@code source} into the live tensors of {@code target} by name, after checking
     * that names and shapes match exactly; {@code sourceName} (a file) goes into the error.
     */
    public static void copyInto(Map<String, Tensor> target, Map<String, Tensor> source, String sourceName) {
        List<String> problems = new ArrayList<>();
        target.forEach((name, expected) -> {
            Tensor found = source.get(name);
            if (found == null) {
                problems.add("missing '" + name + "' (expected shape " + expected.shapeString() + ")");
            } else if (!found.hasShape(expected.shape())) {
                problems.add("'" + name + "' has shape " + found.shapeString() + ", expected " + expected.shapeString());
            }
        });
        source.keySet().stream()
                .filter(name -> !target.containsKey(name) && !name.endsWith(IGNORED_SUFFIX))
                .forEach(name -> problems.add("unexpected '" + name + "'"));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("state in " + sourceName + " does not fit: " + String.join("; ", problems));
        }
        target.forEach((name, t) -> t.copyFrom(source.get(name)));
    }
}
