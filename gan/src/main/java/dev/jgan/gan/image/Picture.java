package dev.jgan.gan.image;

import java.util.Arrays;

/** An RGB raster, 8 bits per channel, each pixel one int 0xRRGGBB, rows top to bottom. */
public final class Picture {
    private final int width;
    private final int height;
    private final int[] pixels;

    /** A picture of the given size filled with {@code background}. */
    public Picture(int width, int height, int background) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("a picture needs a positive size, found " + width + " x " + height);
        }
        this.width = width;
        this.height = height;
        this.pixels = new int[Math.multiplyExact(width, height)];
        Arrays.fill(pixels, background & 0xffffff);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The pixel at column x, row y as 0xRRGGBB. */
    public int get(int x, int y) {
        return pixels[index(x, y)];
    }

    public void set(int x, int y, int rgb) {
        pixels[index(x, y)] = rgb & 0xffffff;
    }

    /** Mixes {@code rgb} into the pixel by {@code alpha} in [0, 1]; pixels outside the picture are left alone. */
    public void blend(int x, int y, int rgb, double alpha) {
        if (x < 0 || y < 0 || x >= width || y >= height || !(alpha > 0)) {
            return;
        }
        double a = Math.min(1, alpha);
        int old = pixels[y * width + x];
        int r = mix(old >> 16 & 0xff, rgb >> 16 & 0xff, a);
        int g = mix(old >> 8 & 0xff, rgb >> 8 & 0xff, a);
        int b = mix(old & 0xff, rgb & 0xff, a);
        pixels[y * width + x] = r << 16 | g << 8 | b;
    }

    /** Fills the rectangle [x, x + w) x [y, y + h), clipped to the picture. */
    public void fillRect(int x, int y, int w, int h, int rgb) {
        for (int row = Math.max(0, y); row < Math.min(height, y + h); row++) {
            int from = row * width + Math.max(0, x);
            int to = row * width + Math.min(width, x + w);
            if (from < to) {
                Arrays.fill(pixels, from, to, rgb & 0xffffff);
            }
        }
    }

    private int index(int x, int y) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
            throw new IndexOutOfBoundsException("pixel (" + x + ", " + y + ") is outside a " + width + " x " + height
                    + " picture");
        }
        return y * width + x;
    }

    private static int mix(int from, int to, double alpha) {
        return (int) Math.round(from + (to - from) * alpha);
    }
}
