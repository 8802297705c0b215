package dev.jgan.gan.biggan;

import dev.jgan.gan.image.PngEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes generated images as PNG: a path ending in {@code .png} gets one picture with all
 * images in a grid; any other path is a folder that gets one file per image, named by
 * position and label ({@code 000-bubble.png}, {@code 001-espresso.png}, ...).
 */
public final class ImageFiles {
    private static final int PADDING = 2;

    private ImageFiles() {}

    /** Writes the images and returns the files written. */
    public static List<Path> write(Path out, RgbImages images, int columns, List<String> labels) throws IOException {
        if (labels.size() != images.count()) {
            throw new IllegalArgumentException(images.count() + " images but " + labels.size() + " labels");
        }
        if (isPng(out)) {
            PngEncoder.write(images.grid(columns, PADDING), out);
            return List.of(out);
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IOException(out + " exists and is not a folder (give a folder, or a file name ending in .png)");
        }
        Files.createDirectories(out);
        List<Path> written = new ArrayList<>();
        for (int i = 0; i < images.count(); i++) {
            Path file = out.resolve(String.format(Locale.ROOT, "%03d-%s.png", i, slug(labels.get(i))));
            PngEncoder.write(images.image(i), file);
            written.add(file);
        }
        return written;
    }

    /** Whether a path names a single PNG file rather than a folder. */
    public static boolean isPng(Path out) {
        return out.getFileName() != null && out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png");
    }

    /** A label as a file-name part: lower case letters and digits, other runs as one hyphen. */
    static String slug(String label) {
        String s = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "image" : s;
    }
}
