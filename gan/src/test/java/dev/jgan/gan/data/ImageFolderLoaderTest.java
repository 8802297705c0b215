package dev.jgan.gan.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderLoaderTest {
    @TempDir
    Path dir;

    private static void writeRgb(Path file, int w, int h, int rgb) throws IOException {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    /** A grey image whose left half is 0 and right half 200 (columns split at w/2). */
    private static void writeGreyHalves(Path file, int w, int h) throws IOException {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.getRaster().setSample(x, y, 0, x < w / 2 ? 0 : 200);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private static float scaled(double byteValue) {
        return (float) (byteValue / 127.5 - 1);
    }

    @Test
    void mixedSizesAndColoursBecomeSquareRgbOrGrey() throws IOException {
        writeRgb(dir.resolve("a.png"), 10, 6, 0xff8000);
        writeGreyHalves(dir.resolve("b.png"), 16, 8);
        writeRgb(dir.resolve("c.PNG"), 3, 3, 0x0000ff);
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        writeRgb(dir.resolve(".hidden/d.png"), 4, 4, 0);

        Dataset rgb = ImageFolderLoader.load(dir, 4, 3);
        assertArrayEquals(new int[] {3, 3, 4, 4}, rgb.images().shape());
        assertFalse(rgb.hasLabels());
        assertEquals(scaled(255), rgb.images().get(0, 0, 2, 1), 1e-6);
        assertEquals(scaled(128), rgb.images().get(0, 1, 3, 3), 1e-6);
        assertEquals(scaled(0), rgb.images().get(0, 2, 0, 0), 1e-6);
        // b: 16x8 -> 8x4 with columns 0..3 black, 4..7 at 200; centre crop keeps columns 2..5
        for (int c = 0; c < 3; c++) {
            assertEquals(scaled(0), rgb.images().get(1, c, 1, 1), 1e-6);
            assertEquals(scaled(200), rgb.images().get(1, c, 1, 2), 1e-6, "grey read without colour-space shift");
        }
        // c: 3x3 blue upscaled to 4x4 stays blue everywhere
        assertEquals(scaled(255), rgb.images().get(2, 2, 3, 0), 1e-6);
        assertEquals(scaled(0), rgb.images().get(2, 0, 3, 0), 1e-6);

        Dataset grey = ImageFolderLoader.load(dir, 2, 1);
        assertArrayEquals(new int[] {3, 1, 2, 2}, grey.images().shape());
        assertEquals(scaled(0.299 * 255 + 0.587 * 128), grey.images().get(0, 0, 0, 0), 1e-5);
        assertEquals(scaled(0.114 * 255), grey.images().get(2, 0, 1, 1), 1e-5);
        // b: 16x8 -> 4x2 = [0, 0, 200, 200] per row; the centre crop keeps [0, 200]
        assertEquals(scaled(0), grey.images().get(1, 0, 1, 0), 1e-5);
        assertEquals(scaled(200), grey.images().get(1, 0, 1, 1), 1e-5);
    }

    @Test
    void subfoldersAreClasses() throws IOException {
        writeRgb(dir.resolve("cats/1.png"), 5, 5, 0xffffff);
        writeRgb(dir.resolve("cats/deep/2.jpg"), 5, 7, 0xffffff);
        writeRgb(dir.resolve("dogs/1.png"), 6, 5, 0);
        Dataset data = ImageFolderLoader.load(dir, 3, 1);
        assertEquals(List.of("cats", "dogs"), data.classNames());
        assertArrayEquals(new int[] {2, 1}, data.classCounts());
        for (int i = 0; i < data.size(); i++) {
            assertEquals(data.label(i) == 0 ? 1f : -1f, data.images().get(i, 0, 1, 1), 0.02f, "image " + i);
        }
        writeRgb(dir.resolve("top.png"), 4, 4, 0);
        assertFalse(ImageFolderLoader.load(dir, 3, 1).hasLabels(), "an image in the root means no classes");
    }

    @Test
    void unreadableImageAndBadArgumentsGiveClearErrors() throws IOException {
        writeRgb(dir.resolve("good.png"), 4, 4, 0);
        Files.write(Files.createDirectories(dir.resolve("sub")).resolve("broken.png"), new byte[] {1, 2, 3, 4});
        IOException e = assertThrows(IOException.class, () -> ImageFolderLoader.load(dir, 4, 1));
        assertEquals("sub/broken.png: unreadable image (not a format ImageIO can decode)", e.getMessage());

        Path empty = Files.createDirectories(dir.resolve("empty"));
        IOException none = assertThrows(IOException.class, () -> ImageFolderLoader.load(empty, 4, 1));
        assertEquals(true, none.getMessage().startsWith("no images (bmp, gif, jpeg, jpg, png) found under "));
        IOException missing = assertThrows(IOException.class, () -> ImageFolderLoader.load(dir.resolve("nope"), 4, 1));
        assertEquals(true, missing.getMessage().endsWith("nope does not exist or is not a folder"));
        assertThrows(IllegalArgumentException.class, () -> ImageFolderLoader.load(dir, 4, 2));
    }
}
