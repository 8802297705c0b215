package dev.jgan.gan.dcgan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DCGAN-MNIST training steps at full size (width 64, batch 128, so every layer takes the kernel path
 * it takes in a real run) give the same bits whatever the thread count: each count runs in a JVM of
 * its own ({@code -Djgan.threads} is read once), and the weights after two steps are compared. Steps
 * run on fewer threads than configured, as the trainer's first are, keep their bits too.
 */
class ThreadCountTest {
    private static final int BATCH = 128;

    @Test
    void trainingStepsGiveTheSameBitsOnOneAndThreeThreads(@TempDir Path dir) throws Exception {
        assertEquals(weightHashes(dir, 1), weightHashes(dir, 3));
    }

    /** Steps run on fewer threads than configured ({@link Parallel#runOn}, as the trainer's first steps are) keep their bits. */
    @Test
    void stepsOnFewerThreadsThanConfiguredGiveTheSameBits() {
        assertEquals(trainedWeights(Parallel.threads()), trainedWeights(1));
    }

    private static Map<String, String> trainedWeights(int threads) {
        Parallel.runOn(threads);
        try {
            return twoStepsWeightHashes(TinyRuns.plain(), TinyRuns.BATCH);
        } finally {
            Parallel.runOn(Parallel.threads());
        }
    }

    /** Each weight's name and a hash of its bits after two training steps of {@code config} on random images. */
    static Map<String, String> twoStepsWeightHashes(DcganConfig config, int batch) {
        Dcgan model = Dcgan.create(config, 5);
        TrainingStep step = new TrainingStep(model);
        Rng rng = new Rng(6);
        for (int i = 0; i < 2; i++) {
            Tensor real = Tensor.uniform(rng, -1f, 1f, batch, 1, 28, 28);
            step.run(real, null, Tensor.normal(rng, 0f, 1f, batch, config.latentDim(), 1, 1));
        }
        Map<String, String> hashes = new TreeMap<>();
        model.state().forEach((name, t) -> hashes.put(name, Integer.toHexString(Arrays.hashCode(t.data()))));
        return hashes;
    }

    /** The "name hash" lines a child JVM with {@code threads} kernel threads prints. */
    private static String weightHashes(Path dir, int threads) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!argument.startsWith("-Djgan.threads=")) {
                command.add(argument);
            }
        }
        command.add("-Djgan.threads=" + threads);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Child.class.getName());
        Path output = dir.resolve("threads-" + threads + ".txt");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        int exit = child.waitFor();
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, exit, "child JVM on " + threads + " thread(s) failed:\n" + printed);
        return printed.lines().filter(line -> line.startsWith("weight ")).reduce("", (a, b) -> a + b + "\n");
    }

    /** Two training steps of the mnist28 preset on random images; prints a hash of each weight's bits. */
    public static final class Child {
        public static void main(String[] args) {
            twoStepsWeightHashes(DcganConfig.of(Preset.MNIST28, 1), BATCH)
                    .forEach((name, hash) -> System.out.println("weight " + name + " " + hash));
        }
    }
}
