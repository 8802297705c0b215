package dev.jgan.gan.biggan;

import dev.jgan.gan.image.Picture;

/**
 * A batch of 8-bit RGB images laid out [count, height, width, 3] (as BigGAN's uint8
 * conversion produces them), turned into pictures one by one or side by side.
 */
public record RgbImages(byte[] pixels, int count, int height, int width) {
    private static final int BACKGROUND = 0x202020;

    public RgbImages {
        if (count < 1 || height < 1 || width < 1 || (long) count * height * width * 3 != pixels.length) {
            throw new IllegalArgumentException("RGB images [" + count + ", " + height + ", " + width + ", 3] need "
                    + (long) count * height * width * 3 + " bytes, found " + pixels.length);
        }
    }

    /** Image {@code index} alone. */
    public Picture image(int index) {
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("image index " + index + " is out of range 0.." + (count - 1));
        }
        Picture out = new Picture(width, height, BACKGROUND);
        draw(out, index, 0, 0);
        return out;
    }

    /** All images in rows of {@code columns}, {@code padding} pixels apart and around. */
    public Picture grid(int columns, int padding) {
        int cols = Math.max(1, Math.min(columns, count));
        int rows = (count + cols - 1) / cols;
        Picture out = new Picture(cols * width + (cols + 1) * padding, rows * height + (rows + 1) * padding, BACKGROUND);
        for (int i = 0; i < count; i++) {
            draw(out, i, padding + (i % cols) * (width + padding), padding + (i / cols) * (height + padding));
        }
        return out;
    }

    private void draw(Picture target, int index, int left, int top) {
        int p = index * height * width * 3;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++, p += 3) {
                int rgb = (pixels[p] & 0xff) << 16 | (pixels[p + 1] & 0xff) << 8 | (pixels[p + 2] & 0xff);
                target.set(left + x, top + y, rgb);
            }
        }
    }
}
