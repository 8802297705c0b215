package dev.jgan.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two BigGAN fixtures (compared with what torch.load found, see
 * tools/make_checkpoint_fixture.py), hand-built checkpoints with offsets and strides, and
 * malicious pickles.
 */
class TorchCheckpointTest {
    @TempDir
    Path dir;

    @Test
    void legacyFixtureMatchesTorchIncludingStridedTensors() throws IOException {
        List<Map<String, Object>> expected = expectedTensors("tiny128-legacy");
        assertEquals(127, expected.stream().filter(e -> !(Boolean) e.get("contiguous")).count(),
                "the legacy fixture stores 127 tensors with TF-order strides");
        assertMatchesTorch(TorchCheckpoint.load(resource("tiny128-legacy", "pytorch_model.bin")), expected);
    }

    @Test
    void zipFixtureMatchesTorch() throws IOException {
        assertMatchesTorch(TorchCheckpoint.load(resource("tiny128-zip", "pytorch_model.bin")), expectedTensors("tiny128-zip"));
    }

    @Test
    void fixturesHoldTheBigGanStateDictOfTheirConfig() throws IOException {
        for (String name : List.of("tiny128-legacy", "tiny128-zip")) {
            Map<String, Object> config = Json.parseObject(Files.readString(resource(name, "config.json")));
            int ch = ((Long) config.get("channel_width")).intValue();
            int z = ((Long) config.get("z_dim")).intValue();
            int classes = ((Long) config.get("num_classes")).intValue();
            int stats = ((Long) config.get("n_stats")).intValue();
            int attention = ((Long) config.get("attention_layer_position")).intValue();
            Map<String, Tensor> sd = TorchCheckpoint.load(resource(name, "pytorch_model.bin"));
            assertEquals(506, sd.size(), name);
            List<String> keys = new ArrayList<>(sd.keySet());
            assertEquals("embeddings.weight", keys.get(0));
            assertEquals("generator.conv_to_rgb.weight_v", keys.get(keys.size() - 1));
            assertArrayEquals(new int[] {z, classes}, sd.get("embeddings.weight").shape());
            assertArrayEquals(new int[] {16 * 16 * ch, 2 * z}, sd.get("generator.gen_z.weight_orig").shape());
            assertArrayEquals(new int[] {stats, 16 * ch}, sd.get("generator.layers.0.bn_0.running_means").shape());
            assertArrayEquals(new int[] {4 * ch, 16 * ch, 1, 1}, sd.get("generator.layers.0.conv_0.weight_orig").shape());
            assertArrayEquals(new int[] {1}, sd.get("generator.layers." + attention + ".gamma").shape());
            assertArrayEquals(new int[] {ch, ch, 3, 3}, sd.get("generator.conv_to_rgb.weight_orig").shape());
            assertArrayEquals(new int[] {9 * ch}, sd.get("generator.conv_to_rgb.weight_v").shape());
            assertTrue(keys.stream().noneMatch(k -> k.endsWith(".weight") && !k.equals("embeddings.weight")
                    && !k.equals("generator.bn.weight")), "spectral-norm modules store weight_orig only");
        }
    }

    @Test
    void honoursOffsetsStridesSharedStoragesScalarsAndEmptyTensors() throws IOException {
        float[] storage = new float[12];
        for (int i = 0; i < storage.length; i++) {
            storage[i] = i * 1.5f - 4f;
        }
        for (boolean legacy : new boolean[] {true, false}) {
            PickleBytes sd = PickleBytes.protocol2().orderedDict().mark();
            sd.str("strided").tensor("s0", 12, 1, new long[] {2, 3}, new long[] {1, 4}, legacy);
            sd.str("whole").tensor("s0", 12, 0, new long[] {3, 4}, new long[] {4, 1}, legacy);
            sd.str("tf4d").tensor("s0", 12, 0, new long[] {2, 3, 1, 2}, new long[] {1, 2, 12, 6}, legacy);
            sd.str("scalar").tensor("s0", 12, 7, new long[] {}, new long[] {}, legacy);
            sd.str("empty").tensor("s0", 12, 0, new long[] {0, 5}, new long[] {5, 1}, legacy);
            sd.op('u').stop();
            Path file = legacy ? legacyFile(sd.bytes(), List.of("s0"), storage) : zipFile(sd.bytes(), Map.of("s0", storage));
            Map<String, Tensor> t = TorchCheckpoint.load(file);

            assertEquals(List.of("strided", "whole", "tf4d", "scalar", "empty"), new ArrayList<>(t.keySet()));
            assertArrayEquals(new float[] {storage[1], storage[5], storage[9], storage[2], storage[6], storage[10]},
                    t.get("strided").data());
            assertArrayEquals(storage, t.get("whole").data());
            assertArrayEquals(new int[] {2, 3, 1, 2}, t.get("tf4d").shape());
            for (int o = 0; o < 2; o++) {
                for (int i = 0; i < 3; i++) {
                    for (int w = 0; w < 2; w++) {
                        assertEquals(storage[o + 2 * i + 6 * w], t.get("tf4d").get(o, i, 0, w));
                    }
                }
            }
            assertEquals(storage[7], t.get("scalar").item());
            assertArrayEquals(new int[] {0, 5}, t.get("empty").shape());
            t.get("whole").data()[0] = 99f;
            assertEquals(storage[1], t.get("strided").data()[0], "tensors sharing a storage do not alias");
        }
    }

    @Test
    void viewsOutsideTheStorageAreRejectedNamingTheKey() throws IOException {
        PickleBytes sd = PickleBytes.protocol2().orderedDict().mark();
        sd.str("bad.weight").tensor("k", 6, 2, new long[] {2, 3}, new long[] {3, 1}, true).op('u').stop();
        Path file = legacyFile(sd.bytes(), List.of("k"), new float[6]);
        IOException e = assertThrows(IOException.class, () -> TorchCheckpoint.load(file));
        assertTrue(e.getMessage().startsWith(file + ": tensor 'bad.weight': view (offset 2"), e.getMessage());
        assertTrue(e.getMessage().contains("reaches element 7 of a storage of 6"), e.getMessage());
    }

    @Test
    void legacyStructureErrorsNameTheFile() throws IOException {
        byte[] stateDict = oneTensor("w", "k", 4, true);
        Path wrongCount = legacyFileWithCount(stateDict, "k", 5, new float[5]);
        assertError(wrongCount, "storage k holds 5 elements, the pickle says 4");
        Path good = legacyFile(stateDict, List.of("k"), new float[4]);
        byte[] all = Files.readAllBytes(good);
        assertError(Files.write(dir.resolve("cut-data.bin"), Arrays.copyOf(all, all.length - 2)), "truncated in storage k");
        assertError(Files.write(dir.resolve("cut-pickle.bin"), Arrays.copyOf(all, 60)), "truncated pickle");
        assertError(Files.write(dir.resolve("trailing.bin"), Arrays.copyOf(all, all.length + 1)), "1 unexpected bytes");
        assertError(legacyFile(stateDict, List.of("k", "other"), new float[4]), "storage key other is listed but not referenced");
        assertError(legacyFile(stateDict, List.of(), new float[0]), "storage k is referenced but has no data");
        byte[] wrongMagic = concat(PickleBytes.protocol2().integer(42).stop().bytes(), all);
        assertError(Files.write(dir.resolve("magic.bin"), wrongMagic), "wrong magic number");
        assertError(Files.writeString(dir.resolve("text.bin"), "hello"), "not a PyTorch checkpoint");
        assertError(Files.write(dir.resolve("empty.bin"), new byte[0]), "not a PyTorch checkpoint");
    }

    @Test
    void zipStructureErrorsNameTheFile() throws IOException {
        byte[] stateDict = oneTensor("w", "0", 4, false);
        Path good = zipFile(stateDict, Map.of("0", new float[4]));
        byte[] all = Files.readAllBytes(good);
        assertError(Files.write(dir.resolve("cut.zip"), Arrays.copyOf(all, all.length / 2)), "unreadable zip archive");
        assertError(zipFile(stateDict, Map.of()), "storage 0 has no entry archive/data/0");
        assertError(zipFile(stateDict, Map.of("0", new float[3])), "storage 0 entry has 12 bytes, expected 16");
        byte[] notADict = PickleBytes.protocol2().str("x").stop().bytes();
        assertError(zipFile(notADict, Map.of()), "expected a state dict");
        byte[] notATensor = PickleBytes.protocol2().orderedDict().str("n").integer(3).op('s').stop().bytes();
        assertError(zipFile(notATensor, Map.of()), "'n' is not a tensor");
    }

    @Test
    void refusesDangerousGlobalsWithoutRunningAnything() throws IOException {
        Path marker = dir.resolve("ran");
        String command = "touch " + marker;
        String[][] globals = {{"os", "system"}, {"posix", "system"}, {"nt", "system"}, {"builtins", "eval"},
                {"builtins", "exec"}, {"subprocess", "Popen"}, {"torch", "load"}, {"torch._utils", "_rebuild_qtensor"},
                {"collections", "defaultdict"}};
        for (String[] g : globals) {
            String expected = "pickle global '" + g[0] + "." + g[1] + "' is not allowed in a checkpoint";
            byte[] attack = PickleBytes.protocol2().global(g[0], g[1]).str(command).op(0x85).reduce().stop().bytes();
            IOException direct = assertThrows(IOException.class, () -> Pickle.load(attack, new StateDictPolicy(true)));
            assertEquals(expected + " (pickle byte 2)", direct.getMessage());

            Path legacy = legacyFile(attack, List.of(), new float[0]);
            assertEquals(legacy + ": " + expected + " (pickle byte 2)", assertError(legacy, expected).getMessage());
            assertError(zipFile(attack, Map.of()), expected);

            // the same global hidden inside a state dict, reached through STACK_GLOBAL
            byte[] nested = PickleBytes.protocol2().orderedDict().str("w")
                    .str(g[0]).str(g[1]).op(0x93).str(command).op(0x85).reduce().op('s').stop().bytes();
            assertError(zipFile(nested, Map.of()), expected);
        }
        byte[] inPreamble = concat(PickleBytes.protocol2().global("os", "system").str(command).op(0x85).reduce().stop().bytes(),
                new byte[16]);
        assertError(Files.write(dir.resolve("preamble.bin"), inPreamble), "pickle global 'os.system' is not allowed");
        assertFalse(Files.exists(marker), "nothing was executed");
    }

    @Test
    void refusesCallingNonCallablesAndOddBuilds() throws IOException {
        byte[] callStorage = PickleBytes.protocol2().global("torch", "FloatStorage").emptyTuple().reduce().stop().bytes();
        assertError(zipFile(callStorage, Map.of()), "cannot call 'FloatStorage' in a checkpoint");
        byte[] buildOnString = PickleBytes.protocol2().str("x").op('}').op('b').stop().bytes();
        assertError(zipFile(buildOnString, Map.of()), "BUILD on 'x' is not allowed");
    }

    // ---- helpers ------------------------------------------------------------------------

    private static void assertMatchesTorch(Map<String, Tensor> loaded, List<Map<String, Object>> expected) {
        assertEquals(expected.stream().map(e -> e.get("key")).toList(), new ArrayList<>(loaded.keySet()));
        for (Map<String, Object> e : expected) {
            String key = (String) e.get("key");
            Tensor t = loaded.get(key);
            int[] shape = ((List<?>) e.get("shape")).stream().mapToInt(d -> ((Long) d).intValue()).toArray();
            assertArrayEquals(shape, t.shape(), key);
            double sum = 0;
            double squares = 0;
            double weighted = 0;
            double scale = 0;
            float[] v = t.data();
            for (int i = 0; i < v.length; i++) {
                sum += v[i];
                squares += (double) v[i] * v[i];
                weighted += v[i] * (double) (i % 13 + 1);
                scale += Math.abs(v[i]) * (double) (i % 13 + 1);
            }
            double tol = 1e-9 * scale + 1e-12;
            assertEquals((Double) e.get("sum"), sum, tol, key);
            assertEquals((Double) e.get("sum_squares"), squares, 1e-9 * squares + 1e-12, key);
            assertEquals((Double) e.get("weighted_sum"), weighted, tol, key);
            List<?> first = (List<?>) e.get("first");
            for (int i = 0; i < first.size(); i++) {
                assertEquals(((Number) first.get(i)).floatValue(), v[i], key);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> expectedTensors(String fixture) throws IOException {
        Map<String, Object> json = Json.parseObject(Files.readString(resource(fixture, "checkpoint_fixture.json")));
        return (List<Map<String, Object>>) json.get("tensors");
    }

    private Path resource(String fixture, String name) throws IOException {
        Path file = dir.resolve(fixture + "-" + name);
        if (!Files.exists(file)) {
            try (InputStream in = getClass().getResourceAsStream("/biggan/" + fixture + "/" + name)) {
                Files.copy(in, file);
            }
        }
        return file;
    }

    private static byte[] oneTensor(String name, String storageKey, long numel, boolean legacy) {
        PickleBytes sd = PickleBytes.protocol2().orderedDict().mark();
        sd.str(name).tensor(storageKey, numel, 0, new long[] {numel}, new long[] {1}, legacy);
        return sd.op('u').stop().bytes();
    }

    /** A legacy torch.save file: magic, protocol, sys info, the state dict pickle, the key list, the storages. */
    private Path legacyFile(byte[] stateDict, List<String> keys, float[] storage) throws IOException {
        PickleBytes f = legacyPreamble().raw(stateDict);
        f.op(0x80).op(2).op(']').mark();
        for (String k : keys) {
            f.str(k);
        }
        f.op('e').stop();
        for (int i = 0; i < keys.size(); i++) {
            f.int64(storage.length).floats(storage);
        }
        return Files.write(Files.createTempFile(dir, "legacy", ".bin"), f.bytes());
    }

    private Path legacyFileWithCount(byte[] stateDict, String key, long count, float[] storage) throws IOException {
        PickleBytes f = legacyPreamble().raw(stateDict);
        f.op(0x80).op(2).op(']').mark().str(key).op('e').stop().int64(count).floats(storage);
        return Files.write(Files.createTempFile(dir, "legacy", ".bin"), f.bytes());
    }

    private static PickleBytes legacyPreamble() {
        byte[] magic = new BigInteger("1950a86a20f9469cfc6c", 16).toByteArray();
        PickleBytes f = PickleBytes.protocol2().op(0x8a).op(magic.length);
        for (int i = magic.length - 1; i >= 0; i--) {
            f.op(magic[i] & 0xff);
        }
        f.stop();
        f.op(0x80).op(2).op('M').op(1001 & 0xff).op(1001 >> 8).stop();
        f.op(0x80).op(2).op('}').mark().str("little_endian").op(0x88).op('u').stop();
        return f;
    }

    /** A zip torch.save file with the folder name "archive". */
    private Path zipFile(byte[] stateDict, Map<String, float[]> storages) throws IOException {
        Path file = Files.createTempFile(dir, "zip", ".bin");
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(stateDict);
            for (Map.Entry<String, float[]> s : storages.entrySet()) {
                zip.putNextEntry(new ZipEntry("archive/data/" + s.getKey()));
                zip.write(PickleBytes.protocol2().floats(s.getValue()).bytes(), 2, s.getValue().length * 4);
            }
            zip.putNextEntry(new ZipEntry("archive/version"));
            zip.write("3\n".getBytes(StandardCharsets.US_ASCII));
        }
        return file;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static IOException assertError(Path file, String expected) {
        IOException e = assertThrows(IOException.class, () -> TorchCheckpoint.load(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        return e;
    }
}
