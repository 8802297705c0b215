package dev.jgan.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads files written by NumPy (tools/make_npy_fixtures.py) and checks that ours are byte-identical. */
class NpyTest {
    @TempDir
    Path dir;

    @Test
    void readsNumpyFloat32AndWritesTheSameBytes() throws IOException {
        Path numpyFile = resource("f32_2x3x4x5.npy");
        Tensor t = Npy.readFloat(numpyFile);
        assertArrayEquals(new int[] {2, 3, 4, 5}, t.shape());
        for (int i = 0; i < t.size(); i++) {
            assertEquals((i - 60f) / 8f, t.data()[i]);
        }
        Path ours = dir.resolve("ours.npy");
        Npy.writeFloat(ours, t);
        assertArrayEquals(Files.readAllBytes(numpyFile), Files.readAllBytes(ours));
    }

    @Test
    void scalarAndEmptyArraysMatchNumpy() throws IOException {
        Tensor scalar = Npy.readFloat(resource("f32_scalar.npy"));
        assertArrayEquals(new int[0], scalar.shape());
        assertEquals(-1.5f, scalar.item());
        Npy.writeFloat(dir.resolve("s.npy"), scalar);
        assertArrayEquals(Files.readAllBytes(resource("f32_scalar.npy")), Files.readAllBytes(dir.resolve("s.npy")));

        Tensor empty = Npy.readFloat(resource("f32_empty_0x3.npy"));
        assertArrayEquals(new int[] {0, 3}, empty.shape());
        Npy.writeFloat(dir.resolve("e.npy"), empty);
        assertArrayEquals(Files.readAllBytes(resource("f32_empty_0x3.npy")), Files.readAllBytes(dir.resolve("e.npy")));
    }

    @Test
    void uint8RoundTripsAndMatchesNumpy() throws IOException {
        Uint8Array a = Npy.readUint8(resource("u8_2x2x3.npy"));
        assertArrayEquals(new int[] {2, 2, 3}, a.shape());
        for (int i = 0; i < 12; i++) {
            assertEquals(i * 23 % 256, a.get(i));
        }
        Path ours = dir.resolve("u8.npy");
        Npy.writeUint8(ours, a);
        assertArrayEquals(Files.readAllBytes(resource("u8_2x2x3.npy")), Files.readAllBytes(ours));
        assertArrayEquals(new float[] {0, 23, 46, 69, 92, 115, 138, 161, 184, 207, 230, 253},
                Npy.readFloat(ours).data());
    }

    @Test
    void convertsOtherNumericTypes() throws IOException {
        assertArrayEquals(new float[] {-3, 0, 7, 1L << 40, -(1L << 33)}, Npy.readFloat(resource("i64_5.npy")).data());
        Tensor f64 = Npy.readFloat(resource("f64_2x2.npy"));
        assertArrayEquals(new int[] {2, 2}, f64.shape());
        assertArrayEquals(new float[] {0.1f, -2.5f, 1e-3f, 3f}, f64.data());
        assertArrayEquals(new float[] {1f, -2f, 0.375f}, Npy.readFloat(resource("f32_big_endian_3.npy")).data());
        assertArrayEquals(new float[] {1, 2, 3, 4}, Npy.readFloat(resource("f32_v2_4.npy")).data());
        assertEquals("<f8", Npy.readHeader(resource("f64_2x2.npy")).descr());
    }

    @Test
    void refusesFortranOrderAndWrongTypeForUint8() {
        IOException e = assertThrows(IOException.class, () -> Npy.readFloat(resource("f32_fortran_2x3.npy")));
        assertTrue(e.getMessage().contains("Fortran-order"), e.getMessage());
        IOException u = assertThrows(IOException.class, () -> Npy.readUint8(resource("f64_2x2.npy")));
        assertTrue(u.getMessage().contains("expected a uint8 array ('|u1'), found '<f8'"), u.getMessage());
    }

    @Test
    void bitsSurviveARoundTrip() throws IOException {
        float[] values = {Float.intBitsToFloat(0x7fc00001), -0f, Float.MIN_VALUE, Float.NEGATIVE_INFINITY, 1f / 3};
        Path file = dir.resolve("bits.npy");
        Npy.writeFloat(file, Tensor.of(values, 5));
        float[] back = Npy.readFloat(file).data();
        for (int i = 0; i < values.length; i++) {
            assertEquals(Float.floatToRawIntBits(values[i]), Float.floatToRawIntBits(back[i]));
        }
        assertEquals(0, (Files.size(file) - 20) % 64, "data starts on a 64-byte boundary");
    }

    @Test
    void rejectsMalformedFiles() throws IOException {
        byte[] good = Files.readAllBytes(resource("f32_2x3x4x5.npy"));
        assertBad(Arrays.copyOf(good, good.length - 1), "needs 480 data bytes but the file has 479 (truncated)");
        assertBad(Arrays.copyOf(good, good.length + 4), "(trailing bytes)");
        assertBad(Arrays.copyOf(good, 7), "too short");
        byte[] magic = good.clone();
        magic[1] = 'X';
        assertBad(magic, "wrong magic");
        byte[] version = good.clone();
        version[6] = 9;
        assertBad(version, "unsupported format version 9.0");
        byte[] length = good.clone();
        length[8] = (byte) 0xff;
        length[9] = (byte) 0xff;
        assertBad(length, "runs past the end");
        assertBad(withHeader("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }"), "unsupported dtype '<c8'");
        assertBad(withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1), }"), "one-element shape");
        assertBad(withHeader("{'descr': '<f4', 'shape': (1,), }"), "missing key");
        assertBad(withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}"), "unexpected key 'x'");
        assertBad(withHeader("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}"),
                "duplicate key 'descr'");
        assertBad(withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }"), "non-negative integer");
        assertBad(withHeader("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,), }"), "True or False");
        assertBad(withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), } x"), "after the dictionary");
    }

    @Test
    void headerLiteralMatchesNumpy() {
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (), }",
                new NpyHeader("<f4", false, new int[0]).toLiteral());
        assertEquals("{'descr': '|u1', 'fortran_order': False, 'shape': (7,), }",
                new NpyHeader("|u1", false, new int[] {7}).toLiteral());
        NpyHeader parsed = NpyHeader.parse("{\"descr\": \"<f4\", \"shape\": (2L, 3L), \"fortran_order\": True}  \n");
        assertEquals(new NpyHeader("<f4", true, new int[] {2, 3}), parsed);
    }

    private void assertBad(byte[] content, String expected) throws IOException {
        Path file = Files.write(Files.createTempFile(dir, "bad", ".npy"), content);
        IOException e = assertThrows(IOException.class, () -> Npy.readFloat(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /** A version 1.0 file with the given header text and 4 data bytes. */
    private static byte[] withHeader(String literal) {
        byte[] h = (literal + "\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] out = new byte[10 + h.length + 4];
        byte[] prefix = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length, (byte) (h.length >> 8)};
        System.arraycopy(prefix, 0, out, 0, 10);
        System.arraycopy(h, 0, out, 10, h.length);
        return out;
    }

    private Path resource(String name) throws IOException {
        Path file = dir.resolve("numpy-" + name);
        if (!Files.exists(file)) {
            try (InputStream in = NpyTest.class.getResourceAsStream("/npy/" + name)) {
                Files.copy(in, file);
            }
        }
        return file;
    }
}
