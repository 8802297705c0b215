package dev.jgan.gan.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Obtains each file as {@code <baseUrl><name>.gz} from an HTTP mirror of the original MNIST files. */
public final class HttpMirrorSource implements DataSource {
    private final String baseUrl;

    public HttpMirrorSource(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    }

    @Override
    public String description() {
        return baseUrl;
    }

    @Override
    public void obtain(List<CachedFile> needed, Path folder) throws IOException {
        for (CachedFile file : needed) {
            try (InputStream in = new GZIPInputStream(HttpDownloads.open(baseUrl + file.name() + ".gz"), 1 << 16)) {
                file.install(in, folder);
            }
        }
    }
}
