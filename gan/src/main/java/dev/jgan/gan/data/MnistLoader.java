package dev.jgan.gan.data;

import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads an MNIST split from a folder holding the IDX files (raw or .gz). */
public final class MnistLoader {
    /** Class names of MNIST: the digits. */
    public static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private MnistLoader() {}

    /** The training split: train-images-idx3-ubyte and train-labels-idx1-ubyte. */
    public static Dataset loadTrain(Path folder) throws IOException {
        return load(folder, "train", "mnist");
    }

    /**
     * Loads {@code <prefix>-images-idx3-ubyte} and {@code <prefix>-labels-idx1-ubyte} (each
     * optionally with .gz) from {@code folder}; prefix is "train" or "t10k".
     */
    public static Dataset load(Path folder, String prefix, String name) throws IOException {
        Path imageFile = locate(folder, prefix + "-images-idx3-ubyte");
        Path labelFile = locate(folder, prefix + "-labels-idx1-ubyte");
        Idx.Images raw = Idx.readImages(imageFile);
        int[] labels = Idx.readLabels(labelFile);
        if (labels.length != raw.count()) {
            throw new IOException(labelFile.getFileName() + ": holds " + labels.length + " labels but "
                    + imageFile.getFileName() + " holds " + raw.count() + " images");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] > 9) {
                throw new IOException(labelFile.getFileName() + ": label " + i + " is " + labels[i]
                        + ", expected a digit 0..9");
            }
        }
        float[] values = new float[raw.pixels().length];
        byte[] pixels = raw.pixels();
        for (int i = 0; i < values.length; i++) {
            values[i] = Dataset.scalePixel(pixels[i] & 0xff);
        }
        Tensor images = Tensor.wrap(values, raw.count(), 1, raw.rows(), raw.cols());
        return new Dataset(name, images, labels, DIGITS);
    }

    /** The file {@code baseName} or {@code baseName.gz} in {@code folder}. */
    static Path locate(Path folder, String baseName) throws IOException {
        List<Path> tried = new ArrayList<>();
        for (String candidate : new String[] {baseName, baseName + ".gz"}) {
            Path file = folder.resolve(candidate);
            if (Files.isRegularFile(file)) {
                return file;
            }
            tried.add(file);
        }
        throw new IOException("MNIST file " + baseName + " not found in " + folder.toAbsolutePath()
                + " (looked for " + tried.get(0).getFileName() + " and " + tried.get(1).getFileName() + ")");
    }
}
