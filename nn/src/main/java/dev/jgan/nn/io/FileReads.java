package dev.jgan.nn.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** Positioned, complete reads from a file channel, failing with the file name on a short file. */
final class FileReads {
    /** Chunk size for streaming large arrays through a bounded buffer. */
    static final int CHUNK_BYTES = 1 << 20;

    private FileReads() {}

    /** Reads exactly {@code length} bytes starting at {@code position}; the buffer is flipped for reading. */
    static ByteBuffer readAt(FileChannel channel, long position, int length, Path path) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (channel.read(buf, position + buf.position()) < 0) {
                throw new EOFException(path + ": unexpected end of file at byte " + (position + buf.position()));
            }
        }
        return buf.flip();
    }
}
