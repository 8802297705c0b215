package dev.jgan.gan.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests. */
final class IdxFiles {
    private IdxFiles() {}

    static byte[] images(int magic, int count, int rows, int cols, byte[] pixels) {
        ByteBuffer buffer = ByteBuffer.allocate(16 + pixels.length);
        buffer.putInt(magic).putInt(count).putInt(rows).putInt(cols).put(pixels);
        return buffer.array();
    }

    static byte[] labels(int magic, int count, byte[] labels) {
        ByteBuffer buffer = ByteBuffer.allocate(8 + labels.length);
        buffer.putInt(magic).putInt(count).put(labels);
        return buffer.array();
    }

    static Path write(Path file, byte[] content, boolean gzip) throws IOException {
        if (!gzip) {
            return Files.write(file, content);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return Files.write(file, bytes.toByteArray());
    }
}
