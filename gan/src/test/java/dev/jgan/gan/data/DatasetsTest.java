package dev.jgan.gan.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgan.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
    @TempDir
    Path dir;

    private final PrintStream log = new PrintStream(new ByteArrayOutputStream());

    @Test
    void unknownNamesAndFilesAreRejectedClearly() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Datasets.load("mnsit", 28, 1, dir, log));
        assertEquals("unknown dataset 'mnsit': expected mnist, fashion-mnist or a folder of images", e.getMessage());
        Path file = Files.writeString(dir.resolve("x.txt"), "x");
        IllegalArgumentException notFolder = assertThrows(IllegalArgumentException.class,
                () -> Datasets.load(file.toString(), 28, 1, dir, log));
        assertEquals("dataset '" + file + "' is a file; expected mnist, fashion-mnist or a folder of images",
                notFolder.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Datasets.load("mnist", 28, 2, dir, log));
    }

    @Test
    void folderPathLoadsImages() throws IOException {
        Path images = Files.createDirectories(dir.resolve("imgs"));
        ImageIO.write(new BufferedImage(5, 5, BufferedImage.TYPE_INT_RGB), "png", images.resolve("a.png").toFile());
        Dataset data = Datasets.load(images.toString(), 8, 3, dir, log);
        assertArrayEquals(new int[] {1, 3, 8, 8}, data.images().shape());
    }

    @Test
    void fitResizesAndRepeatsGreyToRgb() {
        Tensor images = Tensor.zeros(2, 1, 2, 2);
        images.data()[4] = 1f;
        images.data()[5] = 1f;
        Dataset grey = new Dataset("g", images, new int[] {1, 0}, List.of("a", "b"));
        assertSame(grey, Datasets.fit(grey, 2, 1));
        Dataset rgb = Datasets.fit(grey, 1, 3);
        assertArrayEquals(new int[] {2, 3, 1, 1}, rgb.images().shape());
        for (int c = 0; c < 3; c++) {
            assertEquals(0f, rgb.images().get(0, c, 0, 0));
            assertEquals(0.5f, rgb.images().get(1, c, 0, 0), 1e-6);
        }
        assertEquals(1, rgb.label(0));
        assertEquals(List.of("a", "b"), rgb.classNames());
    }

    @Test
    void datasetChecksLabelsAgainstImagesAndClasses() {
        Tensor images = Tensor.zeros(2, 1, 1, 1);
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> new Dataset("d", images, new int[] {0, 2}, List.of("a", "b")));
        assertEquals("d: label 2 of image 1 is outside [0, 2)", outside.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> new Dataset("d", images, new int[] {0}, List.of("a")));
        assertEquals("d: 2 images but 1 labels", count.getMessage());
        Dataset unlabelled = new Dataset("d", images, null, List.of());
        assertEquals(0, unlabelled.numClasses());
        assertThrows(IllegalStateException.class, () -> unlabelled.label(0));
    }
}
