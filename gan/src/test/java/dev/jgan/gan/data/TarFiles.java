package dev.jgan.gan.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** Builds small tar.gz archives for tests, header by header. */
final class TarFiles {
    private final ByteArrayOutputStream tar = new ByteArrayOutputStream();

    TarFiles file(String name, byte[] content) {
        return entry(name, '0', content);
    }

    TarFiles folder(String name) {
        return entry(name, '5', new byte[0]);
    }

    /** A GNU long-name record followed by the file under a truncated name. */
    TarFiles longNameFile(String name, byte[] content) {
        entry("././@LongLink", 'L', (name + "\0").getBytes(StandardCharsets.UTF_8));
        return entry(name.substring(0, 90), '0', content);
    }

    /** A pax header giving the path, followed by the file under a placeholder name. */
    TarFiles paxFile(String name, byte[] content) {
        String body = " path=" + name + "\n";
        int total = body.length() + 1;
        while (String.valueOf(total).length() + body.length() != total) {
            total++;
        }
        byte[] pax = (total + body).getBytes(StandardCharsets.UTF_8);
        return entry("PaxHeader", 'x', pax).entry("placeholder", '0', content);
    }

    TarFiles entry(String name, char type, byte[] content) {
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", content.length));
        put(header, 136, "00000000000");
        header[156] = (byte) type;
        put(header, 257, "ustar");
        put(header, 263, "00");
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        tar.writeBytes(header);
        tar.writeBytes(content);
        tar.writeBytes(new byte[(512 - content.length % 512) % 512]);
        return this;
    }

    byte[] tar() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(tar.toByteArray());
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    byte[] tgz() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(tar());
        }
        return bytes.toByteArray();
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
