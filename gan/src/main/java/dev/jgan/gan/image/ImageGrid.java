package dev.jgan.gan.image;

import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;

/** Lays out a batch of images [N, C, H, W] with values in [-1, 1] as one picture and writes it as PNG. */
public final class ImageGrid {
    private static final int BACKGROUND = 0x202020;

    private ImageGrid() {}

    /** A grid of {@code columns} images per row with {@code padding} pixels between them. */
    public static Picture render(Tensor images, int columns, int padding) {
        if (images.rank() != 4 || (images.dim(1) != 1 && images.dim(1) != 3)) {
            throw new IllegalArgumentException("image grid needs [N, 1|3, H, W], found " + images.shapeString());
        }
        int n = images.dim(0);
        int channels = images.dim(1);
        int h = images.dim(2);
        int w = images.dim(3);
        int cols = Math.max(1, Math.min(columns, n));
        int rows = (n + cols - 1) / cols;
        Picture grid = new Picture(cols * w + (cols + 1) * padding, rows * h + (rows + 1) * padding, BACKGROUND);
        float[] data = images.data();
        int plane = h * w;
        for (int i = 0; i < n; i++) {
            int left = padding + (i % cols) * (w + padding);
            int top = padding + (i / cols) * (h + padding);
            int base = i * channels * plane;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = base + y * w + x;
                    int r = toByte(data[p]);
                    int g = channels == 3 ? toByte(data[p + plane]) : r;
                    int b = channels == 3 ? toByte(data[p + 2 * plane]) : r;
                    grid.set(left + x, top + y, (r << 16) | (g << 8) | b);
                }
            }
        }
        return grid;
    }

    /** Maps [-1, 1] to 0..255, rounding to nearest and clipping outside values. */
    public static int toByte(float value) {
        long v = Math.round((value + 1.0) * 127.5);
        return (int) Math.max(0, Math.min(255, v));
    }

    public static void writePng(Tensor images, int columns, Path file) throws IOException {
        PngEncoder.write(render(images, columns, 2), file);
    }
}
