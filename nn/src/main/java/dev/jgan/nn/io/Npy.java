package dev.jgan.nn.io;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0), C order only.
 *
 * <p>Layout: the magic {@code \x93NUMPY}, major and minor version bytes, the header length
 * (uint16 little-endian in 1.0, uint32 in 2.0/3.0), the header dictionary (see
 * {@link NpyHeader}) padded with spaces and ending in a newline so that the data starts at
 * a multiple of 64, then the raw data. The file must hold exactly the bytes the header
 * promises. Writers produce version 1.0 (2.0 when the header needs it), as {@code np.save}.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;

    private Npy() {}

    /** The element type of a file: byte order, kind ('f', 'i', 'u', 'b') and size in bytes. */
    private record ElementType(ByteOrder order, char kind, int bytes) {
        static ElementType parse(String descr) {
            if (descr.length() < 3) {
                throw new IllegalArgumentException("unsupported dtype '" + descr + "'");
            }
            char orderChar = descr.charAt(0);
            char kind = descr.charAt(1);
            int bytes;
            try {
                bytes = Integer.parseInt(descr.substring(2));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("unsupported dtype '" + descr + "'");
            }
            boolean known = switch (kind) {
                case 'f' -> bytes == 2 || bytes == 4 || bytes == 8;
                case 'i', 'u' -> bytes == 1 || bytes == 2 || bytes == 4 || bytes == 8;
                case 'b' -> bytes == 1;
                default -> false;
            };
            boolean orderOk = orderChar == '<' || orderChar == '>' || (orderChar == '|' && bytes == 1);
            if (!known || !orderOk) {
                throw new IllegalArgumentException("unsupported dtype '" + descr
                        + "' (supported: float16/32/64, int8..64, uint8..64, bool, with '<', '>' or '|')");
            }
            return new ElementType(orderChar == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, kind, bytes);
        }

        boolean isUint8() {
            return kind == 'u' && bytes == 1;
        }

        /** Reads one element, converted to float. */
        float read(ByteBuffer buf) {
            return switch (kind) {
                case 'f' -> switch (bytes) {
                    case 2 -> Float.float16ToFloat(buf.getShort());
                    case 4 -> buf.getFloat();
                    default -> (float) buf.getDouble();
                };
                case 'i' -> switch (bytes) {
                    case 1 -> buf.get();
                    case 2 -> buf.getShort();
                    case 4 -> buf.getInt();
                    default -> buf.getLong();
                };
                case 'u' -> switch (bytes) {
                    case 1 -> buf.get() & 0xff;
                    case 2 -> buf.getShort() & 0xffff;
                    case 4 -> buf.getInt() & 0xffffffffL;
                    default -> unsignedLongToFloat(buf.getLong());
                };
                default -> buf.get() != 0 ? 1f : 0f;
            };
        }

        private static float unsignedLongToFloat(long v) {
            return v >= 0 ? v : (float) (v >>> 1) * 2f;
        }
    }

    /** A parsed file prefix: the header and where the data starts. */
    private record Layout(NpyHeader header, ElementType type, long dataStart, int count) {}

    // ---- reading ------------------------------------------------------------------------

    /** Reads only the header of a file. */
    public static NpyHeader readHeader(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return layout(channel, path).header;
        }
    }

    /**
     * Reads an array of any supported numeric type as a float32 tensor (float32 bit-exactly,
     * other types converted, with the rounding that implies for wide integers and float64).
     */
    public static Tensor readFloat(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            Layout layout = layout(channel, path);
            float[] out = new float[layout.count];
            int perChunk = FileReads.CHUNK_BYTES / layout.type.bytes;
            long position = layout.dataStart;
            for (int i = 0; i < out.length; i += perChunk) {
                int n = Math.min(perChunk, out.length - i);
                ByteBuffer buf = FileReads.readAt(channel, position, n * layout.type.bytes, path).order(layout.type.order);
                position += (long) n * layout.type.bytes;
                if (layout.type.kind == 'f' && layout.type.bytes == 4) {
                    buf.asFloatBuffer().get(out, i, n);
                } else {
                    for (int k = 0; k < n; k++) {
                        out[i + k] = layout.type.read(buf);
                    }
                }
            }
            return Tensor.wrap(out, layout.header.shape());
        }
    }

    /** Reads a {@code |u1} (uint8) array. */
    public static Uint8Array readUint8(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            Layout layout = layout(channel, path);
            if (!layout.type.isUint8()) {
                throw new IOException(path + ": expected a uint8 array ('|u1'), found '" + layout.header.descr() + "'");
            }
            byte[] out = new byte[layout.count];
            for (int i = 0; i < out.length; i += FileReads.CHUNK_BYTES) {
                int n = Math.min(FileReads.CHUNK_BYTES, out.length - i);
                FileReads.readAt(channel, layout.dataStart + i, n, path).get(out, i, n);
            }
            return new Uint8Array(layout.header.shape(), out);
        }
    }

    private static Layout layout(FileChannel channel, Path path) throws IOException {
        long fileSize = channel.size();
        if (fileSize < 10) {
            throw bad(path, "file is " + fileSize + " bytes, too short for the .npy prefix");
        }
        ByteBuffer prefix = FileReads.readAt(channel, 0, 10, path).order(ByteOrder.LITTLE_ENDIAN);
        for (byte b : MAGIC) {
            if (prefix.get() != b) {
                throw bad(path, "wrong magic (expected \\x93NUMPY)");
            }
        }
        int major = prefix.get() & 0xff;
        int minor = prefix.get() & 0xff;
        long headerLength;
        long headerStart;
        if (major == 1 && minor == 0) {
            headerLength = prefix.getShort() & 0xffff;
            headerStart = 10;
        } else if ((major == 2 || major == 3) && minor == 0) {
            if (fileSize < 12) {
                throw bad(path, "file is " + fileSize + " bytes, too short for a version " + major + " prefix");
            }
            headerLength = FileReads.readAt(channel, 8, 4, path).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
            headerStart = 12;
        } else {
            throw bad(path, "unsupported format version " + major + "." + minor);
        }
        if (headerLength > fileSize - headerStart) {
            throw bad(path, "header length " + headerLength + " runs past the end of the " + fileSize + "-byte file");
        }
        ByteBuffer headerBytes = FileReads.readAt(channel, headerStart, (int) headerLength, path);
        String text = new String(headerBytes.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader header;
        ElementType type;
        try {
            header = NpyHeader.parse(text);
            type = ElementType.parse(header.descr());
        } catch (IllegalArgumentException e) {
            throw bad(path, e.getMessage());
        }
        if (header.fortranOrder()) {
            throw bad(path, "Fortran-order (column-major) arrays are not supported; "
                    + "save a C-order array (np.ascontiguousarray)");
        }
        int count;
        try {
            count = Shapes.size(header.shape());
        } catch (IllegalArgumentException e) {
            throw bad(path, e.getMessage());
        }
        long dataStart = headerStart + headerLength;
        long expected = (long) count * type.bytes;
        long actual = fileSize - dataStart;
        if (actual != expected) {
            throw bad(path, "shape " + Shapes.toString(header.shape()) + " of '" + header.descr() + "' needs "
                    + expected + " data bytes but the file has " + actual
                    + (actual < expected ? " (truncated)" : " (trailing bytes)"));
        }
        return new Layout(header, type, dataStart, count);
    }

    // ---- writing ------------------------------------------------------------------------

    /** Writes a float32 ({@code <f4}) array with the tensor's shape. */
    public static void writeFloat(Path path, Tensor tensor) throws IOException {
        byte[] prefix = prefix(new NpyHeader("<f4", false, tensor.shape()));
        float[] data = tensor.data();
        AtomicFile.write(path, channel -> {
            AtomicFile.writeFully(channel, ByteBuffer.wrap(prefix));
            ByteBuffer chunk = ByteBuffer.allocate(FileReads.CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < data.length; i += FileReads.CHUNK_BYTES / 4) {
                int n = Math.min(FileReads.CHUNK_BYTES / 4, data.length - i);
                chunk.clear();
                chunk.asFloatBuffer().put(data, i, n);
                chunk.limit(n * 4);
                AtomicFile.writeFully(channel, chunk);
            }
        });
    }

    /** Writes a uint8 ({@code |u1}) array. */
    public static void writeUint8(Path path, Uint8Array array) throws IOException {
        byte[] prefix = prefix(new NpyHeader("|u1", false, array.shape()));
        AtomicFile.write(path, channel -> {
            AtomicFile.writeFully(channel, ByteBuffer.wrap(prefix));
            AtomicFile.writeFully(channel, ByteBuffer.wrap(array.data()));
        });
    }

    /** Magic, version, length and the header padded with spaces and a newline to a multiple of 64. */
    private static byte[] prefix(NpyHeader header) {
        byte[] literal = header.toLiteral().getBytes(StandardCharsets.ISO_8859_1);
        boolean v1 = roundUp(10 + literal.length + 1) - 10 <= 0xffff;
        int fixed = v1 ? 10 : 12;
        int total = roundUp(fixed + literal.length + 1);
        int headerLength = total - fixed;
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) (v1 ? 1 : 2)).put((byte) 0);
        if (v1) {
            out.putShort((short) headerLength);
        } else {
            out.putInt(headerLength);
        }
        out.put(literal);
        while (out.position() < total - 1) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n');
        return out.array();
    }

    private static int roundUp(int n) {
        return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    private static IOException bad(Path path, String message) {
        return new IOException(path + ": not a valid .npy file: " + message);
    }
}
