package dev.jgan.gan.biggan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.nn.io.SafeTensors;
import dev.jgan.nn.io.TorchCheckpoint;
import dev.jgan.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints and model files that do not fit their config are refused with the tensor named and both shapes. */
class BigGanFilesTest {
    private static BigGanConfig config;
    private static Map<String, Tensor> stateDict;

    @TempDir
    Path dir;

    @BeforeAll
    static void readFixture() throws IOException {
        Path folder = BigGanFixtures.checkpoint("tiny128-zip");
        config = BigGanConfig.read(folder.resolve("config.json"));
        stateDict = TorchCheckpoint.load(folder.resolve("pytorch_model.bin"));
    }

    @Test
    void fixtureHasExactlyTheLayoutsTensors() {
        assertEquals(506, stateDict.size());
        BigGanWeights w = BigGanFiles.fromStateDict(config, stateDict, "fixture");
        assertEquals(new BigGanLayout(config).resolvedShapes().keySet(), w.tensors().keySet());
    }

    @Test
    void missingTensorIsNamedWithItsShape() {
        Map<String, Tensor> sd = new LinkedHashMap<>(stateDict);
        sd.remove("generator.layers.4.bn_2.scale.weight_u");
        String m = refused(sd);
        assertTrue(m.contains("missing tensor 'generator.layers.4.bn_2.scale.weight_u' (the config needs shape [16])"), m);
    }

    @Test
    void misShapedTensorIsNamedWithBothShapes() {
        Map<String, Tensor> sd = new LinkedHashMap<>(stateDict);
        sd.put("generator.layers.3.conv_1.weight_orig", Tensor.zeros(32, 32, 3, 1));
        String m = refused(sd);
        assertTrue(m.contains("tensor 'generator.layers.3.conv_1.weight_orig' has shape [32, 32, 3, 1]"
                + " but the config needs [32, 32, 3, 3]"), m);
    }

    @Test
    void unexpectedTensorIsNamed() {
        Map<String, Tensor> sd = new LinkedHashMap<>(stateDict);
        sd.put("generator.layers.8.snconv1x1_theta.weight", Tensor.zeros(2, 16, 1, 1));
        String m = refused(sd);
        assertTrue(m.contains("unexpected tensor 'generator.layers.8.snconv1x1_theta.weight' of shape [2, 16, 1, 1]"), m);
    }

    @Test
    void spectralNormUsesTheStoredVectorsWithoutPowerIteration() {
        BigGanWeights w = BigGanFiles.fromStateDict(config, stateDict, "fixture");
        String module = "generator.layers.2.conv_1";
        Tensor orig = stateDict.get(module + ".weight_orig");
        float[] u = stateDict.get(module + ".weight_u").data(), v = stateDict.get(module + ".weight_v").data();
        int rows = orig.dim(0), columns = orig.size() / rows;
        double sigma = 0;
        for (int r = 0; r < rows; r++) {
            double wv = 0;
            for (int c = 0; c < columns; c++) {
                wv += orig.data()[r * columns + c] * (double) v[c];
            }
            sigma += u[r] * wv;
        }
        float[] resolved = w.tensor(module + ".weight").data();
        for (int i = 0; i < resolved.length; i++) {
            assertEquals(orig.data()[i] / sigma, resolved[i], 1e-6 * Math.abs(orig.data()[i] / sigma) + 1e-12);
        }
    }

    @Test
    void modelFileWithoutATensorIsRefused() throws IOException {
        BigGanWeights w = BigGanFiles.fromStateDict(config, stateDict, "fixture");
        Map<String, Tensor> tensors = new LinkedHashMap<>(w.tensors());
        tensors.remove("generator.conv_to_rgb.bias");
        Path file = dir.resolve("broken.safetensors");
        SafeTensors.write(file, tensors, Map.of(BigGanFiles.FORMAT_KEY, BigGanFiles.FORMAT,
                BigGanFiles.CONFIG_KEY, config.toJson()));
        IOException e = assertThrows(IOException.class, () -> BigGanModel.load(file));
        assertTrue(e.getMessage().contains("missing tensor 'generator.conv_to_rgb.bias' (the config needs shape [8])"),
                e.getMessage());
    }

    @Test
    void safetensorsWithoutModelMetadataIsRefused() throws IOException {
        Path file = dir.resolve("other.safetensors");
        SafeTensors.write(file, Map.of("x", Tensor.zeros(2)), Map.of());
        IOException e = assertThrows(IOException.class, () -> BigGanModel.load(file));
        assertTrue(e.getMessage().contains("not a jgan BigGAN-deep model file"), e.getMessage());
    }

    @Test
    void downloadNamesFindTheirConfig() throws IOException {
        Path source = BigGanFixtures.checkpoint("tiny128-zip");
        Path bin = dir.resolve("biggan-deep-128-pytorch_model.bin");
        Files.copy(source.resolve("pytorch_model.bin"), bin);
        Files.copy(source.resolve("config.json"), dir.resolve("biggan-deep-128-config.json"));
        assertEquals(config, BigGanModel.load(bin).config());
    }

    @Test
    void checkpointCallingOsSystemIsRefusedBeforeAnythingRuns() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("malicious"));
        Files.copy(BigGanFixtures.checkpoint("tiny128-zip").resolve("config.json"), folder.resolve("config.json"));
        // protocol 2: GLOBAL os.system, BINUNICODE "touch pwned", TUPLE1, REDUCE, STOP
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        pickle.writeBytes(new byte[] {(byte) 0x80, 2, 'c'});
        pickle.writeBytes("os\nsystem\n".getBytes(StandardCharsets.US_ASCII));
        byte[] command = ("touch " + dir.resolve("pwned")).getBytes(StandardCharsets.UTF_8);
        pickle.writeBytes(new byte[] {'X', (byte) command.length, 0, 0, 0});
        pickle.writeBytes(command);
        pickle.writeBytes(new byte[] {(byte) 0x85, 'R', '.'});
        Files.write(folder.resolve("pytorch_model.bin"), pickle.toByteArray());
        IOException e = assertThrows(IOException.class, () -> BigGanModel.load(folder));
        assertTrue(e.getMessage().contains("'os.system' is not allowed"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("pwned")));
    }

    private static String refused(Map<String, Tensor> sd) {
        return assertThrows(IllegalArgumentException.class, () -> BigGanFiles.fromStateDict(config, sd, "ckpt"))
                .getMessage();
    }
}
