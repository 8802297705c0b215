package dev.jgan.gan.biggan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
    @TempDir
    Path dir;

    private static RgbImages twoImages() {
        byte[] pixels = new byte[2 * 4 * 5 * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        return new RgbImages(pixels, 2, 4, 5);
    }

    @Test
    void aPngPathGetsOneGrid() throws IOException {
        Path out = dir.resolve("sub/grid.PNG");
        assertEquals(List.of(out), ImageFiles.write(out, twoImages(), 2, List.of("a", "b")));
        BufferedImage read = ImageIO.read(out.toFile());
        assertEquals(2 * 5 + 3 * 2, read.getWidth());
        assertEquals(4 + 2 * 2, read.getHeight());
        assertEquals(twoImages().image(1).get(4, 3), read.getRGB(2 + 5 + 2 + 4, 2 + 3) & 0xffffff);
    }

    @Test
    void aFolderGetsOneFilePerImageNamedByLabel() throws IOException {
        Path out = dir.resolve("images");
        List<Path> files = ImageFiles.write(out, twoImages(), 2, List.of("soap bubble", "tiger 0.5 + lion 0.5"));
        assertEquals(List.of(out.resolve("000-soap-bubble.png"), out.resolve("001-tiger-0-5-lion-0-5.png")), files);
        BufferedImage second = ImageIO.read(files.get(1).toFile());
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                assertEquals(twoImages().image(1).get(x, y), second.getRGB(x, y) & 0xffffff);
            }
        }
    }

    @Test
    void aFileThatIsNotAFolderIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("out.txt"), "x");
        assertThrows(IOException.class, () -> ImageFiles.write(file, twoImages(), 2, List.of("a", "b")));
        assertEquals("image", ImageFiles.slug("!!"));
    }
}
