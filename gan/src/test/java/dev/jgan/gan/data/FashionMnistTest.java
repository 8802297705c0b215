package dev.jgan.gan.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
    @TempDir
    Path dir;

    private static List<byte[]> parse(String json, int pixels) throws IOException {
        List<byte[]> images = new ArrayList<>();
        FashionMnistJson.Counts counts = FashionMnistJson.read("t.json",
                new ByteArrayInputStream(json.getBytes(StandardCharsets.US_ASCII)), pixels, p -> images.add(p.clone()));
        assertEquals(images.size(), counts.images());
        return images;
    }

    private static String error(String json, int pixels) {
        IOException e = assertThrows(IOException.class, () -> parse(json, pixels));
        return e.getMessage();
    }

    @Test
    void parsesImagesAndSkipsEmptyArrays() throws IOException {
        String json = "{\"data\":[[0,1,2],[],[255, 254 ,\n 3],[]]}";
        List<byte[]> images = parse(json, 3);
        assertEquals(2, images.size());
        assertArrayEquals(new byte[] {0, 1, 2}, images.get(0));
        assertArrayEquals(new byte[] {(byte) 255, (byte) 254, 3}, images.get(1));
        FashionMnistJson.Counts counts = FashionMnistJson.read("t", new ByteArrayInputStream(
                json.getBytes(StandardCharsets.US_ASCII)), 3, p -> { });
        assertEquals(new FashionMnistJson.Counts(2, 2), counts);
        assertEquals(0, parse(" { \"data\" : [ ] } \n", 3).size());
    }

    @Test
    void parsesAcrossBufferBoundaries() throws IOException {
        StringBuilder json = new StringBuilder("{\"data\":[");
        int n = 300;
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ",").append('[');
            for (int j = 0; j < 784; j++) {
                json.append(j == 0 ? "" : ",").append((i * 7 + j) % 256);
            }
            json.append(']');
        }
        json.append("]}");
        List<byte[]> images = parse(json.toString(), 784);
        assertEquals(n, images.size());
        for (int i = 0; i < n; i += 37) {
            for (int j = 0; j < 784; j += 13) {
                assertEquals((i * 7 + j) % 256, images.get(i)[j] & 0xff);
            }
        }
    }

    @Test
    void malformedContentNamesTheFileImageAndOffset() {
        assertEquals("t.json: image 1 has 2 values, expected 3 (at byte 21)", error("{\"data\":[[1,2,3],[4,5]]}", 3));
        assertEquals("t.json: image 0 has more than 3 values (at byte 16)", error("{\"data\":[[1,2,3,4]]}", 3));
        assertEquals("t.json: image 0 value 1 is above 255 (at byte 14)", error("{\"data\":[[1,256,3]]}", 3));
        assertEquals("t.json: image 0 value 0: expected ',' or ']' after it, found '.' (at byte 11)",
                error("{\"data\":[[0.5,1,1]]}", 3));
        assertEquals("t.json: image 0 value 1: expected an integer 0..255, found '-' (at byte 12)",
                error("{\"data\":[[1,-1,3]]}", 3));
        assertEquals("t.json: expected the key \"data\" (at byte 3)", error("{\"dots\":[]}", 3));
        assertEquals("t.json: expected ',' or ']' after image 1 (at byte 16)", error("{\"data\":[[1],[2]", 1));
        assertEquals("t.json: unexpected content after the closing '}' (at byte 12)", error("{\"data\":[]} x", 1));
    }

    @Test
    void loaderTakesLabelsFromFileNames() throws IOException {
        Path classes = Files.createDirectories(dir.resolve(FashionMnistLoader.PACKAGE_FOLDER));
        int side = 28;
        for (int label = 0; label < 10; label++) {
            StringBuilder json = new StringBuilder("{\"data\":[[]");
            for (int i = 0; i <= label % 3; i++) {
                json.append(",[");
                for (int j = 0; j < side * side; j++) {
                    json.append(j == 0 ? "" : ",").append(j == 0 ? label * 20 + i : 0);
                }
                json.append(']');
            }
            json.append("]}");
            Files.writeString(classes.resolve(label + ".json"), json);
        }
        Dataset data = FashionMnistLoader.load(dir);
        int[] expectedCounts = {1, 2, 3, 1, 2, 3, 1, 2, 3, 1};
        assertArrayEquals(expectedCounts, data.classCounts());
        assertEquals(19, data.size());
        assertEquals("Ankle boot", data.classNames().get(9));
        for (int n = 0; n < data.size(); n++) {
            float first = data.images().get(n, 0, 0, 0);
            int value = Math.round((first + 1f) * 127.5f);
            assertEquals(data.label(n), value / 20, "image " + n);
            assertEquals(-1f, data.images().get(n, 0, 27, 27));
        }
        Files.delete(classes.resolve("4.json"));
        IOException e = assertThrows(IOException.class, () -> FashionMnistLoader.load(classes));
        assertEquals(true, e.getMessage().startsWith("Fashion-MNIST class file 4.json missing in "), e.getMessage());
    }
}
