package dev.jgan.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed PTX is what build-ptx makes from the current CUDA sources (needs nvcc; skipped without it). */
class PtxCurrentTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path COMMITTED = MODULE.resolve("src/main/resources/dev/jgan/cuda");

    @Test
    void committedPtxMatchesTheSources(@TempDir Path fresh) throws IOException, InterruptedException {
        Assumptions.assumeTrue(onPath("nvcc").isPresent(), "nvcc is not on PATH: cannot rebuild the PTX to compare");
        Path script = MODULE.resolve("build-ptx");
        assertTrue(Files.isExecutable(script), "missing " + script);

        Process process = new ProcessBuilder(script.toString(), fresh.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), "build-ptx failed:\n" + output);

        assertEquals(ptxNames(COMMITTED), ptxNames(fresh), "PTX files (run cuda-kernels/build-ptx and commit)");
        for (String name : ptxNames(fresh)) {
            List<String> expected = Files.readAllLines(fresh.resolve(name));
            List<String> committed = Files.readAllLines(COMMITTED.resolve(name));
            String compiler = compilerLine(expected);
            Assumptions.assumeTrue(compiler.equals(compilerLine(committed)),
                    "nvcc on PATH (" + compiler + ") differs from the one that built the committed PTX ("
                            + compilerLine(committed) + ")");
            for (int i = 0; i < Math.max(expected.size(), committed.size()); i++) {
                String want = i < expected.size() ? expected.get(i) : "<end of file>";
                String have = i < committed.size() ? committed.get(i) : "<end of file>";
                if (!want.equals(have)) {
                    fail(name + " is stale (run cuda-kernels/build-ptx and commit); line " + (i + 1)
                            + ": fresh '" + want.strip() + "', committed '" + have.strip() + "'");
                }
            }
        }
    }

    private static String compilerLine(List<String> ptx) {
        return ptx.stream().filter(l -> l.startsWith("// Cuda compilation tools")).findFirst().orElse("unknown nvcc");
    }

    private static TreeSet<String> ptxNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ptx"))
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(java.io.File.pathSeparator)).filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, program)).filter(Files::isExecutable).findFirst();
    }
}
