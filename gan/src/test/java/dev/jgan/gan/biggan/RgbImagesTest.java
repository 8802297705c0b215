package dev.jgan.gan.biggan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgan.gan.image.Picture;
import org.junit.jupiter.api.Test;

class RgbImagesTest {
    /** Three 2x3 images whose bytes encode image, row, column and channel. */
    private static byte[] pixels() {
        byte[] p = new byte[3 * 2 * 3 * 3];
        for (int n = 0; n < 3; n++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 3; x++) {
                    for (int c = 0; c < 3; c++) {
                        p[((n * 2 + y) * 3 + x) * 3 + c] = (byte) (200 + n * 20 + y * 10 + x * 3 + c - 128);
                    }
                }
            }
        }
        return p;
    }

    private static int expected(int n, int y, int x) {
        int r = (200 + n * 20 + y * 10 + x * 3 - 128) & 0xff;
        return r << 16 | ((r + 1) & 0xff) << 8 | ((r + 2) & 0xff);
    }

    @Test
    void singleImagesKeepRowsColumnsAndChannels() {
        RgbImages images = new RgbImages(pixels(), 3, 2, 3);
        Picture second = images.image(1);
        assertEquals(3, second.width());
        assertEquals(2, second.height());
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                assertEquals(expected(1, y, x), second.get(x, y));
            }
        }
    }

    @Test
    void gridPlacesImagesInRowsWithPadding() {
        Picture grid = new RgbImages(pixels(), 3, 2, 3).grid(2, 1);
        assertEquals(2 * 3 + 3, grid.width());
        assertEquals(2 * 2 + 3, grid.height());
        assertEquals(expected(0, 0, 0), grid.get(1, 1));
        assertEquals(expected(1, 1, 2), grid.get(1 + 3 + 1 + 2, 1 + 1));
        assertEquals(expected(2, 1, 0), grid.get(1, 1 + 2 + 1 + 1));
        assertEquals(0x202020, grid.get(0, 0));
        assertEquals(0x202020, grid.get(5, 5));
    }

    @Test
    void sizeMismatchIsRefused() {
        assertEquals("RGB images [2, 2, 3, 3] need 36 bytes, found 54",
                assertThrows(IllegalArgumentException.class, () -> new RgbImages(pixels(), 2, 2, 3)).getMessage());
    }
}
