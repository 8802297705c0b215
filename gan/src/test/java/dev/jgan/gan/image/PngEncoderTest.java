package dev.jgan.gan.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The encoder's files decoded by the JDK's own PNG reader must give back every pixel. */
class PngEncoderTest {

    /** Noise, smooth ramps, flat areas and repeated rows, so that every filter type gets chosen somewhere. */
    private static Picture mixedPicture(int width, int height, long seed) {
        Random random = new Random(seed);
        Picture picture = new Picture(width, height, 0);
        for (int y = 0; y < height; y++) {
            int kind = y % 5;
            for (int x = 0; x < width; x++) {
                int rgb = switch (kind) {
                    case 0 -> random.nextInt(1 << 24);
                    case 1 -> (x * 7 & 0xff) << 16 | (x * 3 & 0xff) << 8 | (x & 0xff);
                    case 2 -> y > 0 ? picture.get(x, y - 1) : 0;
                    case 3 -> ((x + y) * 5 & 0xff) * 0x010101;
                    default -> 0x102030;
                };
                picture.set(x, y, rgb);
            }
        }
        return picture;
    }

    private static BufferedImage decode(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(image != null, "ImageIO could not read the file");
        return image;
    }

    @Test
    void everyPixelSurvivesTheJdkDecoderAtOddSizes() throws Exception {
        int[][] sizes = {{1, 1}, {1, 7}, {7, 1}, {3, 5}, {17, 13}, {64, 31}, {301, 97}};
        for (int[] size : sizes) {
            Picture picture = mixedPicture(size[0], size[1], size[0] * 31L + size[1]);
            BufferedImage back = decode(PngEncoder.encode(picture));
            assertEquals(size[0], back.getWidth());
            assertEquals(size[1], back.getHeight());
            for (int y = 0; y < size[1]; y++) {
                for (int x = 0; x < size[0]; x++) {
                    assertEquals(picture.get(x, y), back.getRGB(x, y) & 0xffffff, size[0] + "x" + size[1] + " at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void rowsChooseAmongAllFiveFilters() {
        byte[] rows = PngEncoder.filteredRows(mixedPicture(120, 60, 5));
        Set<Integer> used = new HashSet<>();
        for (int y = 0; y < 60; y++) {
            used.add((int) rows[y * (120 * 3 + 1)]);
        }
        assertEquals(Set.of(0, 1, 2, 3, 4), used);
    }

    @Test
    void chunksCarryTheirLengthsAndCrcs() {
        byte[] png = PngEncoder.encode(mixedPicture(9, 4, 1));
        ByteBuffer buffer = ByteBuffer.wrap(png);
        assertEquals(0x89504e470d0a1a0aL, buffer.getLong());
        StringBuilder types = new StringBuilder();
        while (buffer.hasRemaining()) {
            int length = buffer.getInt();
            byte[] typeAndData = new byte[4 + length];
            buffer.get(typeAndData);
            CRC32 crc = new CRC32();
            crc.update(typeAndData);
            assertEquals((int) crc.getValue(), buffer.getInt());
            types.append(new String(typeAndData, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).append(' ');
        }
        assertEquals("IHDR IDAT IEND ", types.toString());
    }

    @Test
    void writesAtomicallyIntoANewFolder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a/b/picture.png");
        Picture picture = mixedPicture(5, 6, 2);
        PngEncoder.write(picture, file);
        assertEquals(picture.get(4, 5), decode(Files.readAllBytes(file)).getRGB(4, 5) & 0xffffff);
        try (var listing = Files.list(file.getParent())) {
            assertEquals(1, listing.count());
        }
    }
}
