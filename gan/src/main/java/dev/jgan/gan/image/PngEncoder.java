package dev.jgan.gan.image;

import dev.jgan.nn.io.AtomicFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a {@link Picture} as a PNG file (8-bit RGB, no interlacing) with nothing but
 * {@code java.util.zip}: signature, IHDR, one IDAT of the filtered rows deflated, IEND. Each
 * row takes the filter (None, Sub, Up, Average, Paeth) whose output has the smallest sum of
 * absolute values, the heuristic the PNG specification recommends for true-colour images.
 */
public final class PngEncoder {
    private static final byte[] SIGNATURE = {(byte) 137, 'P', 'N', 'G', '\r', '\n', 26, '\n'};
    private static final int BYTES_PER_PIXEL = 3;
    private static final int FILTERS = 5;

    private PngEncoder() {}

    /** Writes {@code picture} to {@code file} atomically, creating its folder if needed. */
    public static void write(Picture picture, Path file) throws IOException {
        byte[] png = encode(picture);
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFile.write(file, channel -> AtomicFile.writeFully(channel, ByteBuffer.wrap(png)));
    }

    /** The PNG file's bytes. */
    public static byte[] encode(Picture picture) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        ByteBuffer header = ByteBuffer.allocate(13);
        header.putInt(picture.width()).putInt(picture.height());
        header.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", header.array());
        chunk(out, "IDAT", deflate(filteredRows(picture)));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** Every row as its filter type byte followed by the filtered bytes. */
    static byte[] filteredRows(Picture picture) {
        int rowBytes = picture.width() * BYTES_PER_PIXEL;
        byte[] result = new byte[picture.height() * (rowBytes + 1)];
        byte[] previous = new byte[rowBytes];
        byte[] current = new byte[rowBytes];
        byte[][] candidates = new byte[FILTERS][rowBytes];
        for (int y = 0; y < picture.height(); y++) {
            for (int x = 0; x < picture.width(); x++) {
                int rgb = picture.get(x, y);
                current[x * 3] = (byte) (rgb >> 16);
                current[x * 3 + 1] = (byte) (rgb >> 8);
                current[x * 3 + 2] = (byte) rgb;
            }
            int best = 0;
            long bestCost = Long.MAX_VALUE;
            for (int filter = 0; filter < FILTERS; filter++) {
                long cost = filter(filter, current, previous, candidates[filter]);
                if (cost < bestCost) {
                    bestCost = cost;
                    best = filter;
                }
            }
            int at = y * (rowBytes + 1);
            result[at] = (byte) best;
            System.arraycopy(candidates[best], 0, result, at + 1, rowBytes);
            byte[] swap = previous;
            previous = current;
            current = swap;
        }
        return result;
    }

    /** Writes filter {@code type} of {@code row} into {@code out}; returns the sum of |out| as signed bytes. */
    private static long filter(int type, byte[] row, byte[] above, byte[] out) {
        long cost = 0;
        for (int i = 0; i < row.length; i++) {
            int a = i >= BYTES_PER_PIXEL ? row[i - BYTES_PER_PIXEL] & 0xff : 0;
            int b = above[i] & 0xff;
            int c = i >= BYTES_PER_PIXEL ? above[i - BYTES_PER_PIXEL] & 0xff : 0;
            int predictor = switch (type) {
                case 0 -> 0;
                case 1 -> a;
                case 2 -> b;
                case 3 -> (a + b) >>> 1;
                default -> paeth(a, b, c);
            };
            out[i] = (byte) ((row[i] & 0xff) - predictor);
            cost += Math.abs(out[i]);
        }
        return cost;
    }

    /** Of left, above and upper left, the one closest to left + above - upper left (ties in that order). */
    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        if (pa <= pb && pa <= pc) {
            return a;
        }
        return pb <= pc ? b : c;
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
            byte[] buffer = new byte[1 << 16];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** Length, type, data and the CRC-32 of type and data. */
    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
