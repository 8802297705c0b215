package dev.jgan.gan.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file a dataset cache must hold, known by its exact size and SHA-256. Files enter the
 * cache only through {@link #install}, which writes a temporary file, checks it and renames
 * it into place, so the cache never holds a partial or wrong file under the real name.
 */
public record CachedFile(String name, long size, String sha256) {
    /** Suffix of temporary files; leftovers of an interrupted download are removed by {@link FetchPlan}. */
    static final String PART_SUFFIX = ".part";

    /** Null when {@code folder} holds this file intact, otherwise what is wrong with it (one line). */
    public String problem(Path folder) throws IOException {
        Path file = folder.resolve(name);
        if (!Files.isRegularFile(file)) {
            return name + " is missing";
        }
        long actual = Files.size(file);
        if (actual != size) {
            return name + " has " + actual + " bytes, expected " + size;
        }
        String digest;
        try (InputStream in = Files.newInputStream(file)) {
            digest = sha256(in);
        }
        return digest.equals(sha256) ? null : name + " has SHA-256 " + digest + ", expected " + sha256;
    }

    /** Copies {@code content} into {@code folder/name} if its size and SHA-256 match; otherwise throws. */
    public void install(InputStream content, Path folder) throws IOException {
        Files.createDirectories(folder);
        Path temp = Files.createTempFile(folder, "." + name + ".", PART_SUFFIX);
        try {
            MessageDigest digest = newDigest();
            long written;
            try (OutputStream out = Files.newOutputStream(temp)) {
                written = new DigestInputStream(content, digest).transferTo(out);
            }
            if (written != size) {
                throw new IOException(name + ": received " + written + " bytes, expected " + size);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(sha256)) {
                throw new IOException(name + ": received data with SHA-256 " + actual + ", expected " + sha256);
            }
            try {
                Files.move(temp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static String sha256(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) > 0) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
