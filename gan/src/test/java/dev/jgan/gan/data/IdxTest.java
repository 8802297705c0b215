package dev.jgan.gan.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    private static byte[] ramp(int n) {
        byte[] values = new byte[n];
        for (int i = 0; i < n; i++) {
            values[i] = (byte) (i * 37 + 11);
        }
        return values;
    }

    @Test
    void readsRawAndGzipImagesAlikeWhateverTheName() throws IOException {
        byte[] pixels = ramp(3 * 4 * 5);
        byte[] file = IdxFiles.images(Idx.IMAGES_MAGIC, 3, 4, 5, pixels);
        Path raw = IdxFiles.write(dir.resolve("images.gz"), file, false);
        Path gz = IdxFiles.write(dir.resolve("images-raw-looking-name"), file, true);
        for (Path path : new Path[] {raw, gz}) {
            Idx.Images images = Idx.readImages(path);
            assertEquals(3, images.count());
            assertEquals(4, images.rows());
            assertEquals(5, images.cols());
            assertArrayEquals(pixels, images.pixels());
        }
    }

    @Test
    void readsLabelsAsUnsignedValues() throws IOException {
        byte[] labels = {0, 9, (byte) 200, 3};
        Path raw = IdxFiles.write(dir.resolve("l"), IdxFiles.labels(Idx.LABELS_MAGIC, 4, labels), false);
        Path gz = IdxFiles.write(dir.resolve("l2"), IdxFiles.labels(Idx.LABELS_MAGIC, 4, labels), true);
        assertArrayEquals(new int[] {0, 9, 200, 3}, Idx.readLabels(raw));
        assertArrayEquals(new int[] {0, 9, 200, 3}, Idx.readLabels(gz));
    }

    private String error(Path file, boolean images) {
        IOException e = assertThrows(IOException.class, () -> {
            if (images) {
                Idx.readImages(file);
            } else {
                Idx.readLabels(file);
            }
        });
        assertEquals(-1, e.getMessage().indexOf('\n'), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void badMagicNamesTheFileAndBothNumbers() throws IOException {
        Path file = IdxFiles.write(dir.resolve("train-images-idx3-ubyte"),
                IdxFiles.labels(Idx.LABELS_MAGIC, 4, new byte[4]), false);
        assertEquals("train-images-idx3-ubyte: bad magic number 0x00000801, expected 0x00000803"
                + " for IDX images (idx3-ubyte)", error(file, true));
        Path labels = IdxFiles.write(dir.resolve("train-labels-idx1-ubyte.gz"),
                IdxFiles.images(Idx.IMAGES_MAGIC, 1, 1, 1, new byte[1]), true);
        assertEquals("train-labels-idx1-ubyte.gz: bad magic number 0x00000803, expected 0x00000801"
                + " for IDX labels (idx1-ubyte)", error(labels, false));
    }

    @Test
    void pixelCountMismatchSaysWhatTheHeaderClaimsAndWhatIsThere() throws IOException {
        byte[] full = IdxFiles.images(Idx.IMAGES_MAGIC, 6, 28, 28, new byte[6 * 28 * 28]);
        byte[] cut = Arrays.copyOf(full, full.length - 100);
        Path file = IdxFiles.write(dir.resolve("train-images-idx3-ubyte"), cut, false);
        assertEquals("train-images-idx3-ubyte: header says 6 images of 28x28 but the file holds 4604 bytes"
                + " of pixels, expected 4704", error(file, true));
        Path gz = IdxFiles.write(dir.resolve("t.gz"),
                IdxFiles.images(Idx.IMAGES_MAGIC, 2, 2, 2, new byte[9]), true);
        assertEquals("t.gz: header says 2 images of 2x2 but the file holds 9 bytes of pixels, expected 8",
                error(gz, true));
    }

    @Test
    void truncatedHeaderAndLabelCountMismatch() throws IOException {
        Path shortFile = IdxFiles.write(dir.resolve("x"), new byte[] {0, 0, 8, 3, 0, 0}, false);
        assertEquals("x: truncated: 6 bytes, an IDX images header alone needs 16", error(shortFile, true));
        Path labels = IdxFiles.write(dir.resolve("y"), IdxFiles.labels(Idx.LABELS_MAGIC, 5, new byte[3]), false);
        assertEquals("y: header says 5 labels but the file holds 3 bytes of labels, expected 5", error(labels, false));
        Path negative = IdxFiles.write(dir.resolve("z"), IdxFiles.images(Idx.IMAGES_MAGIC, 1, 0, 3, new byte[0]), false);
        assertEquals("z: header has invalid dimensions 1 images of 0x3", error(negative, true));
    }

    @Test
    void damagedGzipAndMissingFile() throws IOException {
        byte[] gz = java.nio.file.Files.readAllBytes(IdxFiles.write(dir.resolve("g"),
                IdxFiles.images(Idx.IMAGES_MAGIC, 1, 2, 2, new byte[4]), true));
        Path cut = java.nio.file.Files.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length - 12));
        assertEquals(true, error(cut, true).startsWith("cut.gz: gzip data is damaged"));
        assertEquals(true, error(dir.resolve("absent"), true).startsWith("absent: no such file"));
    }
}
