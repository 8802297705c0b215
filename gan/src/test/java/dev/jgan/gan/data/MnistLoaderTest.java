package dev.jgan.gan.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistLoaderTest {
    @TempDir
    Path dir;

    @Test
    void loadsGzipImagesAndRawLabelsScaledToMinusOneToOne() throws IOException {
        byte[] pixels = new byte[2 * 3 * 3];
        pixels[0] = (byte) 255;
        pixels[4] = (byte) 51;
        pixels[9] = (byte) 128;
        IdxFiles.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxFiles.images(Idx.IMAGES_MAGIC, 2, 3, 3, pixels), true);
        IdxFiles.write(dir.resolve("train-labels-idx1-ubyte"), IdxFiles.labels(Idx.LABELS_MAGIC, 2, new byte[] {7, 2}), false);
        Dataset data = MnistLoader.loadTrain(dir);
        assertArrayEquals(new int[] {2, 1, 3, 3}, data.images().shape());
        assertEquals(1f, data.images().get(0, 0, 0, 0));
        assertEquals(-1f, data.images().get(0, 0, 0, 1));
        assertEquals(51 / 127.5f - 1f, data.images().get(0, 0, 1, 1), 1e-7);
        assertEquals(128 / 127.5f - 1f, data.images().get(1, 0, 0, 0), 1e-7);
        assertEquals(7, data.label(0));
        assertEquals(2, data.label(1));
        assertEquals(10, data.numClasses());
    }

    @Test
    void labelAndImageCountsMustAgree() throws IOException {
        IdxFiles.write(dir.resolve("train-images-idx3-ubyte"), IdxFiles.images(Idx.IMAGES_MAGIC, 2, 1, 1, new byte[2]), false);
        IdxFiles.write(dir.resolve("train-labels-idx1-ubyte"), IdxFiles.labels(Idx.LABELS_MAGIC, 3, new byte[3]), false);
        IOException e = assertThrows(IOException.class, () -> MnistLoader.loadTrain(dir));
        assertEquals("train-labels-idx1-ubyte: holds 3 labels but train-images-idx3-ubyte holds 2 images", e.getMessage());
    }

    @Test
    void labelsMustBeDigitsAndFilesMustExist() throws IOException {
        IdxFiles.write(dir.resolve("train-images-idx3-ubyte"), IdxFiles.images(Idx.IMAGES_MAGIC, 2, 1, 1, new byte[2]), false);
        IOException missing = assertThrows(IOException.class, () -> MnistLoader.loadTrain(dir));
        assertEquals(true, missing.getMessage().startsWith("MNIST file train-labels-idx1-ubyte not found in "),
                missing.getMessage());
        IdxFiles.write(dir.resolve("train-labels-idx1-ubyte"), IdxFiles.labels(Idx.LABELS_MAGIC, 2, new byte[] {1, 10}), false);
        IOException e = assertThrows(IOException.class, () -> MnistLoader.loadTrain(dir));
        assertEquals("train-labels-idx1-ubyte: label 1 is 10, expected a digit 0..9", e.getMessage());
    }
}
