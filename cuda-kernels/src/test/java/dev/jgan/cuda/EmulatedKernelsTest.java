package dev.jgan.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every CUDA kernel, compiled for the CPU by emulate-check (one thread per CUDA thread, a stand-in for the
 * WMMA API), against float64 references: the kernels' indexing, tiling and bounds checked on every build,
 * GPU or not. Needs g++ (skipped without it).
 */
class EmulatedKernelsTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();

    @Test
    void everyKernelMatchesItsFloat64Reference(@TempDir Path scratch) throws IOException, InterruptedException {
        Assumptions.assumeTrue(onPath("g++"), "g++ is not on PATH: cannot compile the kernels for the CPU");
        Assumptions.assumeTrue(compilesCpp20Barrier(scratch), "g++ cannot compile C++20 <barrier> (GCC 11 or newer)");
        Path script = MODULE.resolve("emulate-check");
        assertTrue(Files.isExecutable(script), "missing " + script);

        Process process = new ProcessBuilder(script.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), "emulate-check did not finish in 10 minutes");
        int status = process.exitValue();
        String failures = output.lines().filter(l -> !l.startsWith("ok ")).collect(Collectors.joining("\n"));
        assertEquals(0, status, "emulate-check failed:\n" + failures);
        assertTrue(output.strip().endsWith("all passed"), output);
        assertTrue(output.lines().filter(l -> l.startsWith("ok ")).count() > 200,
                "fewer checks than expected:\n" + output);
    }

    /** Whether g++ compiles a file using std::barrier in C++20, as the emulator's thread blocks do. */
    private static boolean compilesCpp20Barrier(Path scratch) throws IOException, InterruptedException {
        Path source = Files.writeString(scratch.resolve("barrier.cpp"),
                "#include <barrier>\nint main() { std::barrier<> b(1); b.arrive_and_wait(); }\n");
        Process probe = new ProcessBuilder("g++", "-std=c++20", "-pthread", "-fsyntax-only", source.toString())
                .redirectErrorStream(true).start();
        probe.getInputStream().readAllBytes();
        return probe.waitFor(1, TimeUnit.MINUTES) && probe.exitValue() == 0;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}
