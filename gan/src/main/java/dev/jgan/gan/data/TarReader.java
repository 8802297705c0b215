package dev.jgan.gan.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the entries of a tar stream (ustar, with GNU long names and pax path records), as
 * found in npm package tarballs. Wrap the input in a {@code GZIPInputStream} for .tgz.
 */
public final class TarReader {
    /** One archive member; {@code regularFile} is false for folders, links and the like. */
    public record Entry(String name, long size, boolean regularFile) {}

    private static final int BLOCK = 512;

    private final InputStream in;
    private final byte[] header = new byte[BLOCK];
    private long position;
    private long remaining;
    private long padding;

    public TarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, skipping whatever of the previous one was not read; null at the end. */
    public Entry next() throws IOException {
        skipRest();
        String longName = null;
        while (true) {
            long headerAt = position;
            if (!readBlock(header)) {
                return null;
            }
            if (allZero(header)) {
                return null;
            }
            verifyChecksum(headerAt);
            long size = parseSize(headerAt);
            char type = (char) header[156];
            String name = longName != null ? longName : headerName();
            if (type == 'L' || type == 'x' || type == 'g') {
                String meta = new String(readFully(size, headerAt), StandardCharsets.UTF_8);
                if (type == 'L') {
                    longName = trimNul(meta);
                } else if (type == 'x') {
                    String path = paxPath(meta);
                    if (path != null) {
                        longName = path;
                    }
                }
                continue;
            }
            remaining = size;
            padding = (BLOCK - size % BLOCK) % BLOCK;
            boolean regular = type == '0' || type == '\0' || type == '7';
            if (!regular) {
                skipRest();
            }
            return new Entry(name, size, regular);
        }
    }

    /** The content of the entry last returned by {@link #next}; ends at the entry's end. */
    public InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) == 1 ? one[0] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new IOException("tar archive truncated inside an entry at byte " + position);
                }
                remaining -= n;
                position += n;
                return n;
            }
        };
    }

    private void skipRest() throws IOException {
        skip(remaining + padding);
        remaining = 0;
        padding = 0;
    }

    private void skip(long count) throws IOException {
        byte[] scratch = new byte[8192];
        long left = count;
        while (left > 0) {
            int n = in.read(scratch, 0, (int) Math.min(scratch.length, left));
            if (n < 0) {
                throw new IOException("tar archive truncated at byte " + position);
            }
            left -= n;
            position += n;
        }
    }

    private byte[] readFully(long size, long headerAt) throws IOException {
        if (size > 1 << 20) {
            throw new IOException("tar header at byte " + headerAt + " has an implausible " + size + "-byte name record");
        }
        byte[] data = new byte[(int) size];
        int read = in.readNBytes(data, 0, data.length);
        position += read;
        if (read != data.length) {
            throw new IOException("tar archive truncated at byte " + position);
        }
        skip((BLOCK - size % BLOCK) % BLOCK);
        return data;
    }

    private boolean readBlock(byte[] block) throws IOException {
        int read = in.readNBytes(block, 0, BLOCK);
        position += read;
        if (read == 0) {
            return false;
        }
        if (read != BLOCK) {
            throw new IOException("tar archive truncated: a " + read + "-byte piece where a 512-byte header belongs, at byte "
                    + (position - read));
        }
        return true;
    }

    private void verifyChecksum(long headerAt) throws IOException {
        long stored = parseOctal(148, 8, headerAt, "checksum");
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : header[i] & 0xff;
        }
        if (sum != stored) {
            throw new IOException("tar header at byte " + headerAt + " is corrupt: checksum " + stored
                    + ", computed " + sum);
        }
    }

    private long parseSize(long headerAt) throws IOException {
        if ((header[124] & 0x80) != 0) {
            long value = 0;
            for (int i = 125; i < 136; i++) {
                value = (value << 8) | (header[i] & 0xff);
            }
            return value;
        }
        return parseOctal(124, 12, headerAt, "size");
    }

    private long parseOctal(int offset, int length, long headerAt, String field) throws IOException {
        long value = 0;
        int end = offset + length;
        int i = offset;
        while (i < end && (header[i] == ' ' || header[i] == 0)) {
            i++;
        }
        for (; i < end && header[i] != 0 && header[i] != ' '; i++) {
            int digit = header[i] - '0';
            if (digit < 0 || digit > 7) {
                throw new IOException("tar header at byte " + headerAt + " has a bad " + field + " field");
            }
            value = value * 8 + digit;
        }
        return value;
    }

    private String headerName() {
        String name = field(0, 100);
        boolean ustar = field(257, 6).startsWith("ustar");
        String prefix = ustar ? field(345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private String field(int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    /** The value of the "path" record in pax extended header text ("LEN path=VALUE\n" records). */
    private static String paxPath(String records) {
        for (String record : records.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 1 + "path=".length());
            }
        }
        return null;
    }

    private static String trimNul(String text) {
        int nul = text.indexOf('\0');
        return nul < 0 ? text : text.substring(0, nul);
    }

    private static boolean allZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
