package dev.jgan.gan.data;

import dev.jgan.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Loads every image under a folder (recursively; .png, .jpg, .jpeg, .bmp, .gif; hidden
 * files skipped) as a square {@code size x size} image with 1 (grey) or 3 (RGB) channels:
 * the shorter side is scaled to {@code size} and the centre cropped (see {@link ImageResize}).
 * When the images lie in two or more subfolders of the root and none in the root itself,
 * each subfolder is a class (labels in name order); otherwise the set is unlabelled.
 * Colour images become grey as 0.299 R + 0.587 G + 0.114 B; alpha is ignored.
 */
public final class ImageFolderLoader {
    private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    private ImageFolderLoader() {}

    public static Dataset load(Path root, int size, int channels) throws IOException {
        if (size <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + size);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 (grey) or 3 (RGB), got " + channels);
        }
        if (!Files.isDirectory(root)) {
            throw new IOException("image folder " + root.toAbsolutePath() + " does not exist or is not a folder");
        }
        List<Path> files = imageFiles(root);
        if (files.isEmpty()) {
            throw new IOException("no images (" + String.join(", ", new TreeSet<>(EXTENSIONS)) + ") found under "
                    + root.toAbsolutePath());
        }
        List<String> classNames = classNames(root, files);
        int per = channels * size * size;
        float[] values = new float[Math.multiplyExact(files.size(), per)];
        int[] labels = classNames.isEmpty() ? null : new int[files.size()];
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            BufferedImage image = read(root, file);
            float[][] planes = planes(image, channels);
            for (int c = 0; c < channels; c++) {
                float[] fitted = ImageResize.fitSquare(planes[c], image.getHeight(), image.getWidth(), size);
                for (int k = 0; k < fitted.length; k++) {
                    values[i * per + c * size * size + k] = Math.clamp(fitted[k] / 127.5f - 1f, -1f, 1f);
                }
            }
            if (labels != null) {
                labels[i] = classNames.indexOf(root.relativize(file).getName(0).toString());
            }
        }
        Tensor images = Tensor.wrap(values, files.size(), channels, size, size);
        Path name = root.toAbsolutePath().normalize().getFileName();
        return new Dataset(name == null ? root.toString() : name.toString(), images, labels,
                labels == null ? List.of() : classNames);
    }

    /** Image files under root in a stable (path name) order. */
    static List<Path> imageFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !hidden(root.relativize(p)))
                    .filter(p -> EXTENSIONS.contains(extension(p)))
                    .sorted()
                    .toList();
        }
    }

    /** Subfolder names when every image lies in one of at least two subfolders; else empty. */
    private static List<String> classNames(Path root, List<Path> files) {
        TreeSet<String> names = new TreeSet<>();
        for (Path file : files) {
            Path relative = root.relativize(file);
            if (relative.getNameCount() == 1) {
                return List.of();
            }
            names.add(relative.getName(0).toString());
        }
        return names.size() >= 2 ? new ArrayList<>(names) : List.of();
    }

    private static BufferedImage read(Path root, Path file) throws IOException {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException(root.relativize(file) + ": unreadable image (" + e.getMessage() + ")", e);
        }
        if (image == null) {
            throw new IOException(root.relativize(file) + ": unreadable image (not a format ImageIO can decode)");
        }
        return image;
    }

    /** The image as {@code channels} planes of values 0..255. */
    private static float[][] planes(BufferedImage image, int channels) {
        int h = image.getHeight();
        int w = image.getWidth();
        float[][] planes = new float[channels][h * w];
        if (image.getColorModel().getNumColorComponents() == 1) {
            Raster raster = image.getRaster();
            float scale = 255f / ((1 << image.getColorModel().getComponentSize(0)) - 1);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float value = raster.getSample(x, y, 0) * scale;
                    for (int c = 0; c < channels; c++) {
                        planes[c][y * w + x] = value;
                    }
                }
            }
            return planes;
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int r = (row[x] >> 16) & 0xff;
                int g = (row[x] >> 8) & 0xff;
                int b = row[x] & 0xff;
                if (channels == 1) {
                    planes[0][y * w + x] = 0.299f * r + 0.587f * g + 0.114f * b;
                } else {
                    planes[0][y * w + x] = r;
                    planes[1][y * w + x] = g;
                    planes[2][y * w + x] = b;
                }
            }
        }
        return planes;
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
