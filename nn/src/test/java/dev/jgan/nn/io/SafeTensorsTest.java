package dev.jgan.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsBitsShapesOrderAndMetadata() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("z.last.weight", Tensor.normal(1, 0, 1, 3, 5, 7));
        tensors.put("a.bias", Tensor.normal(2, 0, 1, 13));
        tensors.put("scalar", Tensor.scalar(-0.0f));
        tensors.put("empty", Tensor.zeros(0, 4));
        float[] specials = {Float.NaN, Float.intBitsToFloat(0x7fc01234), Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MAX_VALUE, 0f, -0f};
        tensors.put("specials", Tensor.of(specials, 2, 4));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("note", "ünïcode \"quoted\"\n");

        Path file = dir.resolve("model.safetensors");
        SafeTensors.write(file, tensors, metadata);
        SafeTensors.Contents back = SafeTensors.read(file);

        assertEquals(new ArrayList<>(tensors.keySet()), new ArrayList<>(back.tensors().keySet()));
        assertEquals(metadata, back.metadata());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor got = back.tensor(e.getKey());
            assertArrayEquals(e.getValue().shape(), got.shape(), e.getKey());
            assertArrayEquals(bits(e.getValue().data()), bits(got.data()), e.getKey());
        }
    }

    @Test
    void writesTheDocumentedLayout() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", Tensor.of(new float[] {1f, 2f}, 2));
        tensors.put("b", Tensor.scalar(3f));
        Path file = dir.resolve("layout.safetensors");
        SafeTensors.write(file, tensors, Map.of("k", "v"));
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long n = bytes.getLong();
        assertEquals(0, n % 8, "header padded to 8 bytes");
        String header = new String(bytes.array(), 8, (int) n, StandardCharsets.UTF_8);
        assertEquals("{\"__metadata__\":{\"k\":\"v\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[8,12]}}", header.stripTrailing());
        assertTrue(header.substring(header.stripTrailing().length()).chars().allMatch(c -> c == ' '));
        bytes.position(8 + (int) n);
        assertEquals(1f, bytes.getFloat());
        assertEquals(2f, bytes.getFloat());
        assertEquals(3f, bytes.getFloat());
        assertEquals(8 + n + 12, bytes.capacity());
    }

    @Test
    void writesNoMetadataKeyWhenThereIsNone() throws IOException {
        Path file = dir.resolve("plain.safetensors");
        SafeTensors.write(file, Map.of("x", Tensor.ones(2)), null);
        assertTrue(!new String(Files.readAllBytes(file), StandardCharsets.UTF_8).contains("__metadata__"));
        assertEquals(Map.of(), SafeTensors.read(file).metadata());
    }

    @Test
    void readsHandWrittenFileWithOtherDtypesAndUnpaddedHeader() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(2 * 2 + 2 * 2 + 8 + 4).order(ByteOrder.LITTLE_ENDIAN);
        data.putShort((short) 0x3c00).putShort((short) 0xc000);          // F16 1, -2
        data.putShort((short) 0x3fc0).putShort((short) 0x4049);          // BF16 1.5, 3.140625
        data.putDouble(0.1);                                              // F64 -> (float) 0.1
        data.putFloat(7.25f);
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"bf\":{\"shape\":[1,2],\"dtype\":\"BF16\",\"data_offsets\":[4,8]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[8,16]},"
                + "\"f\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[16,20]}}";
        Path file = write(header, data.array());
        SafeTensors.Contents c = SafeTensors.read(file);
        assertArrayEquals(new float[] {1f, -2f}, c.tensor("h").data());
        assertArrayEquals(new float[] {1.5f, 3.140625f}, c.tensor("bf").data());
        assertArrayEquals(new int[] {1, 2}, c.tensor("bf").shape());
        assertEquals(0.1f, c.tensor("d").item());
        assertEquals(7.25f, c.tensor("f").item());
        assertEquals(List.of("h", "bf", "d", "f"), new ArrayList<>(c.tensors().keySet()));
    }

    @Test
    void readsAFileWrittenByTheReferenceImplementation() throws IOException {
        Path file = dir.resolve("reference.safetensors");
        try (var in = getClass().getResourceAsStream("/safetensors/reference.safetensors")) {
            Files.copy(in, file);
        }
        SafeTensors.Contents c = SafeTensors.read(file);
        assertEquals(Map.of("format", "pt", "producer", "safetensors"), c.metadata());
        assertArrayEquals(new float[] {-2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f}, c.tensor("b").data());
        assertArrayEquals(new int[] {2, 3}, c.tensor("b").shape());
        assertArrayEquals(new int[0], c.tensor("a").shape());
        assertEquals(1.5f, c.tensor("a").item());
        assertArrayEquals(new int[] {0, 3}, c.tensor("e").shape());
        assertArrayEquals(new float[] {1f, -2f, 65504f}, c.tensor("h").data());
        assertArrayEquals(new float[] {1.5f, 3.140625f}, c.tensor("bf").data());
        assertArrayEquals(new float[] {0.1f, -1e-3f}, c.tensor("d").data());
        assertArrayEquals(new int[] {1, 2}, c.tensor("d").shape());
    }

    @Test
    void rejectsTruncatedAndImpossibleHeaders() throws IOException {
        assertBad(Files.write(dir.resolve("short"), new byte[] {1, 2, 3}), "shorter than the 8-byte header length");
        ByteBuffer huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40);
        assertBad(Files.write(dir.resolve("huge"), huge.array()), "header length 1099511627776 is impossible");
        ByteBuffer negative = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L);
        assertBad(Files.write(dir.resolve("neg"), negative.array()), "header length 18446744073709551615");
        ByteBuffer pastEnd = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putLong(100);
        assertBad(Files.write(dir.resolve("past"), pastEnd.array()), "header length 100 is impossible");

        Path good = dir.resolve("good.safetensors");
        SafeTensors.write(good, Map.of("t", Tensor.ones(4)), Map.of());
        byte[] all = Files.readAllBytes(good);
        Path cut = Files.write(dir.resolve("cut"), Arrays.copyOf(all, all.length - 3));
        assertBad(cut, "out of range");
    }

    @Test
    void rejectsBadEntries() throws IOException {
        byte[] eight = new byte[8];
        assertBad(write("[1]", eight), "does not start with '{'");
        assertBad(write("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]", eight), "invalid header: JSON error");
        assertBad(write("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,16]}}", eight),
                "tensor 't': data_offsets [0, 16] out of range for a data area of 8 bytes");
        assertBad(write("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", eight), "tensor 't'");
        assertBad(write("{\"t\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", eight),
                "tensor 't': 8 bytes for shape [3] of F32, expected 12");
        assertBad(write("{\"t\":{\"dtype\":\"Q7\",\"shape\":[2],\"data_offsets\":[0,8]}}", eight),
                "tensor 't': unknown dtype 'Q7'");
        assertBad(write("{\"t\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", eight),
                "tensor 't': dtype I64 is not supported");
        assertBad(write("{\"t\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", eight),
                "tensor 't': invalid dimension -2");
        assertBad(write("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"x\":1}}", eight),
                "tensor 't': unexpected field 'x'");
        assertBad(write("{\"t\":{\"dtype\":\"F32\",\"shape\":[2]}}", eight), "tensor 't': data_offsets must be");
        assertBad(write("{\"__metadata__\":{\"k\":1}}", new byte[0]), "value of 'k' must be a string");
    }

    @Test
    void rejectsOverlapsHolesAndUnclaimedBytes() throws IOException {
        byte[] twelve = new byte[12];
        assertBad(write("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", twelve),
                "tensor 'b' [4, 12) overlaps tensor 'a'");
        assertBad(write("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", twelve),
                "bytes [4, 8) before tensor 'b' belong to no tensor");
        assertBad(write("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", twelve),
                "data area has 12 bytes but the tensors cover 8");
    }

    @Test
    void refusesReservedOrNullNamesOnWrite() {
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(dir.resolve("x"), Map.of("__metadata__", Tensor.ones(1)), Map.of()));
    }

    private Path write(String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        return Files.write(Files.createTempFile(dir, "hand", ".safetensors"), b.array());
    }

    private static void assertBad(Path file, String expected) {
        IOException e = assertThrows(IOException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }
}
