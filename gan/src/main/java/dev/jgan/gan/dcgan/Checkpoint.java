package dev.jgan.gan.dcgan;

import dev.jgan.nn.io.SafeTensors;
import dev.jgan.nn.optim.Optimizer;
import dev.jgan.nn.state.StateFile;
import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A training run's whole state in one safetensors file: G, D (and the average of G), both
 * optimizers' moments and step counts as tensors; the configuration and the position (step,
 * seed, noise generator, data order) as metadata. Written atomically, so a crash or a full
 * disk leaves the previous checkpoint in place.
 */
public record Checkpoint(Path file, DcganConfig config, Position position, Map<String, Tensor> tensors) {
    /** The checkpoint's name inside a run folder. */
    public static final String FILE_NAME = "checkpoint.safetensors";
    private static final String KIND_KEY = "jgan.kind";
    private static final String KIND = "dcgan-checkpoint";
    private static final String G_OPTIMIZER = "opt_g.";
    private static final String D_OPTIMIZER = "opt_d.";

    /** Writes tensors and metadata to a file (replaceable in tests to simulate a failing disk). */
    @FunctionalInterface
    public interface Writer {
        void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException;
    }

    /** The atomic safetensors writer. */
    public static final Writer SAFETENSORS = SafeTensors::write;

    /**
     * Where a run stands: steps done, the run's seed, batch size and dataset, the state of
     * the generator that draws z, the data order ({@link dev.jgan.gan.data.Batches} state),
     * and the thread count (which results depend on, bit for bit).
     */
    public record Position(long step, long seed, int batchSize, String dataset, long[] noiseRng, long[] batchOrder,
                           int threads) {
        Map<String, String> toMetadata() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("train.step", Long.toString(step));
            m.put("train.seed", Long.toString(seed));
            m.put("train.batch_size", Integer.toString(batchSize));
            m.put("train.dataset", dataset);
            m.put("train.noise_rng", join(noiseRng));
            m.put("train.batch_order", join(batchOrder));
            m.put("train.threads", Integer.toString(threads));
            return m;
        }

        static Position fromMetadata(Map<String, String> m, Path file) {
            try {
                return new Position(Long.parseLong(get(m, "train.step", file)), Long.parseLong(get(m, "train.seed", file)),
                        Integer.parseInt(get(m, "train.batch_size", file)), get(m, "train.dataset", file),
                        split(get(m, "train.noise_rng", file)), split(get(m, "train.batch_order", file)),
                        Integer.parseInt(get(m, "train.threads", file)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": damaged training position (" + e.getMessage() + ")");
            }
        }

        private static String join(long[] values) {
            return Arrays.stream(values).mapToObj(Long::toString).collect(Collectors.joining(","));
        }

        private static long[] split(String text) {
            return Arrays.stream(text.split(",")).mapToLong(Long::parseLong).toArray();
        }
    }

    /** The checkpoint file for a path that is either a run folder or the file itself. */
    public static Path locate(Path runDirOrFile) {
        return Files.isDirectory(runDirOrFile) ? runDirOrFile.resolve(FILE_NAME) : runDirOrFile;
    }

    /** Saves model, optimizers and position to {@code file} through {@code writer}. */
    public static void save(Path file, Dcgan model, TrainingStep step, Position position, Writer writer)
            throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>(model.state());
        step.generatorOptimizer().state().forEach((name, t) -> tensors.put(G_OPTIMIZER + name, t));
        step.discriminatorOptimizer().state().forEach((name, t) -> tensors.put(D_OPTIMIZER + name, t));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(KIND_KEY, KIND);
        metadata.putAll(model.config().toMetadata());
        metadata.putAll(position.toMetadata());
        writer.write(file, tensors, metadata);
    }

    /** Reads a checkpoint (a run folder or the file); errors name the file and what is wrong. */
    public static Checkpoint read(Path runDirOrFile) throws IOException {
        Path file = locate(runDirOrFile);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no DCGAN checkpoint"
                    + (Files.isDirectory(runDirOrFile) ? " in this run folder" : " here"));
        }
        SafeTensors.Contents contents = SafeTensors.read(file);
        if (!KIND.equals(contents.metadata().get(KIND_KEY))) {
            throw new IOException(file + " is not a jgan DCGAN checkpoint (no " + KIND_KEY + " = " + KIND + ")");
        }
        DcganConfig config = DcganConfig.fromMetadata(contents.metadata(), file.toString());
        return new Checkpoint(file, config, Position.fromMetadata(contents.metadata(), file), contents.tensors());
    }

    /** Builds the checkpoint's model with its saved weights. */
    public Dcgan model() {
        Dcgan model = Dcgan.create(config, 0);
        StateFile.copyInto(model.state(), withPrefixes(Dcgan.GENERATOR, Dcgan.DISCRIMINATOR, Dcgan.AVERAGE), file.toString());
        return model;
    }

    /** Restores both optimizers' state into a training step built on {@link #model()}. */
    public void restoreOptimizers(TrainingStep step) {
        restore(step.generatorOptimizer(), G_OPTIMIZER);
        restore(step.discriminatorOptimizer(), D_OPTIMIZER);
    }

    private void restore(Optimizer optimizer, String prefix) {
        Map<String, Tensor> saved = new LinkedHashMap<>();
        tensors.forEach((name, t) -> {
            if (name.startsWith(prefix)) {
                saved.put(name.substring(prefix.length()), t);
            }
        });
        try {
            optimizer.loadState(saved);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    private Map<String, Tensor> withPrefixes(String... prefixes) {
        Map<String, Tensor> selected = new LinkedHashMap<>();
        tensors.forEach((name, t) -> {
            if (Arrays.stream(prefixes).anyMatch(name::startsWith)) {
                selected.put(name, t);
            }
        });
        return selected;
    }

    private static String get(Map<String, String> m, String key, Path file) {
        String value = m.get(key);
        if (value == null) {
            throw new IllegalArgumentException(file + " is not a complete DCGAN checkpoint (no " + key + ")");
        }
        return value;
    }
}
