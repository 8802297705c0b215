package dev.jgan.gan.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFilesSourceTest {
    @TempDir
    Path dir;

    private static final byte[] A = "images, in a made-up format".getBytes(StandardCharsets.UTF_8);
    private static final byte[] B = "labels".getBytes(StandardCharsets.UTF_8);
    private final PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    private static CachedFile expected(String name, byte[] content) throws IOException {
        return new CachedFile(name, content.length, CachedFile.sha256(new ByteArrayInputStream(content)));
    }

    private List<CachedFile> files() throws IOException {
        return List.of(expected("images-idx", A), expected("labels-idx", B));
    }

    private Path write(String name, byte[] content) throws IOException {
        Path file = dir.resolve("given").resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    private Path importInto(Path... given) throws IOException {
        FetchPlan plan = new FetchPlan("toy", files(), List.of(new LocalFilesSource(List.of(given), files())));
        return plan.fetchInto(dir.resolve("cache/toy"), log);
    }

    @Test
    void plainAndGzipFilesAreInstalledUnderTheirNames() throws IOException {
        Path folder = importInto(write("images-idx.gz", gzip(A)), write("labels-idx", B));
        assertArrayEquals(A, Files.readAllBytes(folder.resolve("images-idx")));
        assertArrayEquals(B, Files.readAllBytes(folder.resolve("labels-idx")));
    }

    @Test
    void aTarballGivesTheFilesFromAnyFolderInIt() throws IOException {
        byte[] tgz = new TarFiles().folder("package/").file("package/README", B)
                .file("package/data/images-idx", A).file("package/data/labels-idx", B).tgz();
        Path folder = importInto(write("toy-1.0.0.tgz", tgz));
        assertArrayEquals(A, Files.readAllBytes(folder.resolve("images-idx")));
        assertArrayEquals(B, Files.readAllBytes(folder.resolve("labels-idx")));
    }

    @Test
    void aTarballLackingAFileNamesWhatIsStillMissing() throws IOException {
        Path tgz = write("partial.tar.gz", new TarFiles().file("data/images-idx", A).tgz());
        IOException e = assertThrows(IOException.class, () -> importInto(tgz));
        assertTrue(e.getMessage().contains("still missing labels-idx"), e.getMessage());
        assertTrue(Files.exists(dir.resolve("cache/toy/images-idx")), "what was found stays installed");
    }

    @Test
    void unknownMissingAndWrongFilesAreRefusedByName() throws IOException {
        Path stray = write("notes.txt", B);
        assertTrue(assertThrows(IOException.class, () -> importInto(stray)).getMessage().contains(stray
                + " is neither a package tarball (.tgz) nor one of the dataset's files (images-idx, labels-idx,"
                + " plain or .gz)"));
        Path absent = dir.resolve("absent.tgz");
        assertTrue(assertThrows(IOException.class, () -> importInto(absent)).getMessage().contains(absent
                + " is not a file"));
        Path wrong = write("labels-idx", A);
        String message = assertThrows(IOException.class, () -> importInto(write("images-idx", A), wrong)).getMessage();
        assertTrue(message.contains("labels-idx: received " + A.length + " bytes, expected " + B.length), message);
        assertFalse(Files.exists(dir.resolve("cache/toy/labels-idx")), "a wrong file never enters the cache");
    }

    @Test
    void importingADatasetChecksAgainstItsOwnFiles() throws IOException {
        Path cache = dir.resolve("cache");
        Path wrong = write("train-images-idx3-ubyte.gz", gzip(B));
        String message = assertThrows(IOException.class,
                () -> DatasetCache.importFiles("mnist", List.of(wrong), cache, log)).getMessage();
        assertTrue(message.startsWith("could not obtain mnist"), message);
        assertTrue(message.contains("train-images-idx3-ubyte: received " + B.length + " bytes, expected 47040016"),
                message);
        assertEquals("unknown dataset 'cifar': expected mnist or fashion-mnist", assertThrows(
                IllegalArgumentException.class, () -> DatasetCache.importFiles("cifar", List.of(wrong), cache, log))
                .getMessage());
    }
}
