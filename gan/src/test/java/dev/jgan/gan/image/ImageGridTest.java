package dev.jgan.gan.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgan.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {

    @Test
    void placesEachImageInItsCellWithValuesMappedToBytes() throws Exception {
        Tensor images = Tensor.zeros(5, 1, 2, 3);
        for (int i = 0; i < 5; i++) {
            images.set(-1f + 0.5f * i, i, 0, 1, 2);
        }
        Picture grid = ImageGrid.render(images, 3, 1);
        assertEquals(3 * 3 + 4, grid.width());
        assertEquals(2 * 2 + 3, grid.height());
        for (int i = 0; i < 5; i++) {
            int left = 1 + (i % 3) * 4;
            int top = 1 + (i / 3) * 3;
            int expected = ImageGrid.toByte(-1f + 0.5f * i);
            assertEquals(expected, grid.get(left + 2, top + 1) & 0xff, "image " + i);
            assertEquals(128, grid.get(left, top) & 0xff, "zero maps to mid grey");
        }
    }

    @Test
    void colourChannelsAndClipping() {
        Tensor images = Tensor.zeros(1, 3, 1, 1);
        images.set(1f, 0, 0, 0, 0);
        images.set(-3f, 0, 1, 0, 0);
        images.set(7f, 0, 2, 0, 0);
        int rgb = ImageGrid.render(images, 1, 0).get(0, 0);
        assertEquals(0xff00ff, rgb);
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.render(Tensor.zeros(1, 2, 4, 4), 1, 0));
    }

    @Test
    void writesAReadablePngWithoutTemporaryLeftovers(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("grid.png");
        ImageGrid.writePng(Tensor.full(0.5f, 4, 1, 8, 8), 2, file);
        BufferedImage back = ImageIO.read(file.toFile());
        assertEquals(2 * 8 + 3 * 2, back.getWidth());
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count());
        }
    }
}
