package dev.jgan.gan.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetchPlanTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    private static final byte[] A = "first file".getBytes(StandardCharsets.UTF_8);
    private static final byte[] B = "second, longer file".getBytes(StandardCharsets.UTF_8);

    private static CachedFile expected(String name, byte[] content) throws IOException {
        return new CachedFile(name, content.length, CachedFile.sha256(new ByteArrayInputStream(content)));
    }

    /** A source serving fixed contents per name, recording what it was asked for. */
    private static final class FakeSource implements DataSource {
        final Map<String, byte[]> contents;
        final List<List<String>> requests = new ArrayList<>();

        FakeSource(Map<String, byte[]> contents) {
            this.contents = contents;
        }

        @Override
        public String description() {
            return "fake";
        }

        @Override
        public void obtain(List<CachedFile> needed, Path folder) throws IOException {
            requests.add(needed.stream().map(CachedFile::name).toList());
            for (CachedFile file : needed) {
                file.install(new ByteArrayInputStream(contents.get(file.name())), folder);
            }
        }
    }

    private static DataSource failing(String description, String message) {
        return new DataSource() {
            @Override
            public String description() {
                return description;
            }

            @Override
            public void obtain(List<CachedFile> needed, Path folder) throws IOException {
                throw new IOException(message);
            }
        };
    }

    @Test
    void triesSourcesInOrderAndRepairsOnlyWhatIsMissingOrDamaged() throws IOException {
        FakeSource source = new FakeSource(Map.of("a", A, "b", B));
        FetchPlan plan = new FetchPlan("toy", List.of(expected("a", A), expected("b", B)),
                List.of(failing("npm pack toy@1", "npm not found on the PATH"), source));
        Path folder = dir.resolve("toy");
        assertEquals(folder, plan.fetchInto(folder, log));
        assertArrayEquals(A, Files.readAllBytes(folder.resolve("a")));
        assertArrayEquals(B, Files.readAllBytes(folder.resolve("b")));
        assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("toy: failed: npm pack toy@1: npm not found on the PATH"));

        plan.fetchInto(folder, log);
        assertEquals(1, source.requests.size(), "an intact cache is only verified");

        Files.write(folder.resolve("b"), "second, longer filX".getBytes(StandardCharsets.UTF_8));
        Files.write(folder.resolve(".a.123.part"), new byte[] {1});
        plan.fetchInto(folder, log);
        assertEquals(List.of("b"), source.requests.get(1), "only the damaged file is fetched again");
        assertArrayEquals(B, Files.readAllBytes(folder.resolve("b")));
        assertFalse(Files.exists(folder.resolve(".a.123.part")), "leftover removed");
        String text = logBytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("toy: removing damaged file: b has SHA-256 "), text);
        assertTrue(text.contains("toy: removing leftover of an interrupted download: .a.123.part"), text);
    }

    @Test
    void wrongContentIsNeverInstalledAndAllFailuresAreListed() throws IOException {
        FakeSource wrong = new FakeSource(Map.of("a", "other bytes".getBytes(StandardCharsets.UTF_8)));
        FetchPlan plan = new FetchPlan("toy", List.of(expected("a", A)),
                List.of(failing("mirror-1", "host name not resolved"), wrong));
        Path folder = dir.resolve("toy");
        IOException e = assertThrows(IOException.class, () -> plan.fetchInto(folder, log));
        assertEquals("could not obtain toy (needs a in " + folder + "); tried: mirror-1: host name not resolved;"
                + " fake: a: received 11 bytes, expected 10", e.getMessage());
        assertFalse(Files.exists(folder.resolve("a")));
        try (var files = Files.list(folder)) {
            assertEquals(List.of(".lock"), files.map(f -> f.getFileName().toString()).toList(),
                    "no temporary files left behind");
        }
    }

    @Test
    void cachedFileProblemsAreOneLine() throws IOException {
        CachedFile file = expected("a", A);
        assertEquals("a is missing", file.problem(dir));
        Files.write(dir.resolve("a"), B);
        assertEquals("a has 19 bytes, expected 10", file.problem(dir));
        Files.write(dir.resolve("a"), A);
        assertNull(file.problem(dir));
    }

    @Test
    void cacheRootAndDatasetNames() {
        assertEquals(Path.of("/data/x"), DatasetCache.root(Map.of("JGAN_DATA", "/data/x")));
        assertEquals(Path.of(System.getProperty("user.home"), ".cache", "jgan", "data"), DatasetCache.root(Map.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetCache.plan("mnsit"));
        assertEquals("unknown dataset 'mnsit': expected mnist or fashion-mnist", e.getMessage());
        assertEquals(4, DatasetCache.plan("mnist").files().size());
        assertEquals(10, DatasetCache.plan("fashion-mnist").files().size());
    }
}
