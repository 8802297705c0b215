package dev.jgan.gan.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of the original MNIST distribution (idx3 images, idx1 labels), raw or
 * gzip-compressed; compression is detected from the first two bytes, not from the name.
 * Headers are checked strictly and every error names the file and what is wrong.
 */
public final class Idx {
    /** Magic number of an unsigned-byte, three-dimensional IDX file (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an unsigned-byte, one-dimensional IDX file (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    /** {@code count} images of {@code rows x cols} unsigned bytes, row-major, image after image. */
    public record Images(int count, int rows, int cols, byte[] pixels) {}

    private Idx() {}

    /** Reads an idx3-ubyte image file. */
    public static Images readImages(Path file) throws IOException {
        byte[] bytes = readContent(file);
        String name = describe(file);
        requireMagic(name, bytes, IMAGES_MAGIC, "images (idx3-ubyte)");
        requireHeader(name, bytes, 16, "images");
        int count = readInt(bytes, 4);
        int rows = readInt(bytes, 8);
        int cols = readInt(bytes, 12);
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw new IOException(name + ": header has invalid dimensions " + count + " images of "
                    + rows + "x" + cols);
        }
        long expected = (long) count * rows * cols;
        long held = bytes.length - 16L;
        if (held != expected) {
            throw new IOException(name + ": header says " + count + " images of " + rows + "x" + cols
                    + " but the file holds " + held + " bytes of pixels, expected " + expected);
        }
        byte[] pixels = new byte[(int) expected];
        System.arraycopy(bytes, 16, pixels, 0, pixels.length);
        return new Images(count, rows, cols, pixels);
    }

    /** Reads an idx1-ubyte label file; labels are returned as ints 0..255. */
    public static int[] readLabels(Path file) throws IOException {
        byte[] bytes = readContent(file);
        String name = describe(file);
        requireMagic(name, bytes, LABELS_MAGIC, "labels (idx1-ubyte)");
        requireHeader(name, bytes, 8, "labels");
        int count = readInt(bytes, 4);
        if (count < 0) {
            throw new IOException(name + ": header has a negative label count " + count);
        }
        long held = bytes.length - 8L;
        if (held != count) {
            throw new IOException(name + ": header says " + count + " labels but the file holds "
                    + held + " bytes of labels, expected " + count);
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = bytes[8 + i] & 0xff;
        }
        return labels;
    }

    /** True when the file starts with the gzip magic bytes 1f 8b. */
    public static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static byte[] readContent(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(describe(file) + ": no such file (" + file.toAbsolutePath() + ")");
        }
        if (!isGzip(file)) {
            return Files.readAllBytes(file);
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IOException(describe(file) + ": gzip data is damaged (" + e.getMessage() + ")", e);
        }
    }

    private static void requireHeader(String name, byte[] bytes, int headerBytes, String kind) throws IOException {
        if (bytes.length < headerBytes) {
            throw new IOException(name + ": truncated: " + bytes.length + " bytes, an IDX " + kind
                    + " header alone needs " + headerBytes);
        }
    }

    private static void requireMagic(String name, byte[] bytes, int magic, String kind) throws IOException {
        if (bytes.length < 4) {
            throw new IOException(name + ": truncated: " + bytes.length + " bytes, too short for an IDX " + kind
                    + " file");
        }
        int found = readInt(bytes, 0);
        if (found != magic) {
            throw new IOException(name + ": bad magic number 0x" + hex(found) + ", expected 0x" + hex(magic)
                    + " for IDX " + kind);
        }
    }

    private static String hex(int value) {
        return String.format("%08x", value);
    }

    private static int readInt(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xff) << 24) | ((bytes[offset + 1] & 0xff) << 16)
                | ((bytes[offset + 2] & 0xff) << 8) | (bytes[offset + 3] & 0xff);
    }

    private static String describe(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }
}
