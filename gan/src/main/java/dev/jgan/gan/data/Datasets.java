package dev.jgan.gan.data;

import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one entry point for "give me a training set": a dataset name ("mnist",
 * "fashion-mnist", fetched into the {@link DatasetCache} when needed) or a folder of images.
 */
public final class Datasets {
    private Datasets() {}

    /**
     * Loads a dataset at {@code size x size} with {@code channels} (1 or 3) channels;
     * MNIST and Fashion-MNIST (28x28 grey) are resized and/or repeated to fit when asked
     * for another size or for 3 channels.
     */
    public static Dataset load(String nameOrPath, int size, int channels, PrintStream log) throws IOException {
        return load(nameOrPath, size, channels, DatasetCache.root(), log);
    }

    /** As {@link #load(String, int, int, PrintStream)} with an explicit cache folder. */
    public static Dataset load(String nameOrPath, int size, int channels, Path cacheRoot, PrintStream log)
            throws IOException {
        if (size <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + size);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 (grey) or 3 (RGB), got " + channels);
        }
        long start = System.nanoTime();
        Dataset dataset = switch (nameOrPath) {
            case "mnist" -> fit(MnistLoader.loadTrain(DatasetCache.fetch("mnist", cacheRoot, log)), size, channels);
            case "fashion-mnist" -> fit(loadFashion(DatasetCache.fetch("fashion-mnist", cacheRoot, log)), size, channels);
            default -> ImageFolderLoader.load(folder(nameOrPath), size, channels);
        };
        log.printf("%s (loaded in %.1f s)%n", dataset, (System.nanoTime() - start) / 1e9);
        return dataset;
    }

    private static Dataset loadFashion(Path folder) throws IOException {
        Dataset dataset = FashionMnistLoader.load(folder);
        int[] counts = dataset.classCounts();
        for (int label = 0; label < counts.length; label++) {
            if (counts[label] != FashionMnistFetcher.IMAGES_PER_CLASS) {
                throw new IOException("fashion-mnist: class " + label + " holds " + counts[label] + " images, expected "
                        + FashionMnistFetcher.IMAGES_PER_CLASS);
            }
        }
        return dataset;
    }

    private static Path folder(String nameOrPath) {
        Path path = Path.of(nameOrPath);
        if (Files.isDirectory(path)) {
            return path;
        }
        if (Files.exists(path)) {
            throw new IllegalArgumentException("dataset '" + nameOrPath + "' is a file; expected "
                    + String.join(", ", DatasetCache.NAMES) + " or a folder of images");
        }
        throw new IllegalArgumentException("unknown dataset '" + nameOrPath + "': expected "
                + String.join(", ", DatasetCache.NAMES) + " or a folder of images");
    }

    /** Resizes every image to size x size and repeats a single channel to fill {@code channels}. */
    static Dataset fit(Dataset dataset, int size, int channels) {
        if (dataset.height() == size && dataset.width() == size && dataset.channels() == channels) {
            return dataset;
        }
        if (dataset.channels() != 1 && dataset.channels() != channels) {
            throw new IllegalArgumentException(dataset.name() + " has " + dataset.channels() + " channels, cannot make "
                    + channels);
        }
        int n = dataset.size();
        int inC = dataset.channels();
        int inH = dataset.height();
        int inW = dataset.width();
        float[] source = dataset.images().data();
        float[] values = new float[Math.multiplyExact(n, channels * size * size)];
        float[] plane = new float[inH * inW];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                int from = (i * inC + (inC == 1 ? 0 : c)) * inH * inW;
                System.arraycopy(source, from, plane, 0, plane.length);
                float[] fitted = ImageResize.fitSquare(plane, inH, inW, size);
                System.arraycopy(fitted, 0, values, (i * channels + c) * size * size, fitted.length);
            }
        }
        int[] labels = null;
        if (dataset.hasLabels()) {
            labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = dataset.label(i);
            }
        }
        return new Dataset(dataset.name(), Tensor.wrap(values, n, channels, size, size), labels, dataset.classNames());
    }
}
