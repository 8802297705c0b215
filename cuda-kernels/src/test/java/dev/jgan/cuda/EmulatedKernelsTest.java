package dev.jgan.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every CUDA kernel, compiled for the CPU by emulate-check (one thread per CUDA thread, a stand-in for the
 * WMMA API), against float64 references: the kernels' indexing, tiling and bounds checked on every build,
 * GPU or not. Needs g++ (skipped without it).
 */
class EmulatedKernelsTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();

    @Test
    void everyKernelMatchesItsFloat64Reference() throws IOException, InterruptedException {
        Assumptions.assumeTrue(onPath("g++"), "g++ is not on PATH: cannot compile the kernels for the CPU");
        Path script = MODULE.resolve("emulate-check");
        assertTrue(Files.isExecutable(script), "missing " + script);

        Process process = new ProcessBuilder(script.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        String failures = output.lines().filter(l -> !l.startsWith("ok ")).collect(Collectors.joining("\n"));
        assertEquals(0, status, "emulate-check failed:\n" + failures);
        assertTrue(output.strip().endsWith("all passed"), output);
        assertTrue(output.lines().filter(l -> l.startsWith("ok ")).count() > 200,
                "fewer checks than expected:\n" + output);
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}
