package dev.jgan.gan.biggan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every reference case of both fixtures from the PyTorch checkpoints; the converted model files
 * hold the same resolved weights bit for bit (their parity runs through the command line in
 * {@link BigGanCliTest}).
 */
class BigGanParityTest {
    static final List<String> FIXTURES = BigGanFixtures.NAMES;

    @TempDir
    Path dir;

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void checkpointFolderMatchesReference(String fixture) throws IOException {
        BigGanModel model = BigGanModel.load(BigGanFixtures.checkpoint(fixture));
        assertEquals(128, model.config().outputSize());
        BigGanFixtures.assertParity(fixture, model, "checkpoint");
    }

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void convertedModelFileHoldsExactlyTheResolvedCheckpoint(String fixture) throws IOException {
        Path bin = BigGanFixtures.checkpoint(fixture).resolve("pytorch_model.bin");
        Path converted = dir.resolve("model.safetensors");
        BigGanModel.convert(bin, converted);
        BigGanWeights fromCheckpoint = BigGanFiles.read(bin);
        BigGanWeights written = BigGanFiles.read(converted);
        assertEquals(fromCheckpoint.config(), written.config());
        assertEquals(List.copyOf(fromCheckpoint.tensors().keySet()), List.copyOf(written.tensors().keySet()));
        for (String name : fromCheckpoint.tensors().keySet()) {
            assertArrayEquals(fromCheckpoint.tensor(name).data(), written.tensor(name).data(), name);
        }
    }
}
