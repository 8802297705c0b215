package dev.jgan.gan.biggan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import dev.jgan.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
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

    @Test
    void batchesLargerThanOneChunkGiveTheSameImages() throws IOException {
        String fixture = "tiny128-zip";
        BigGanFixtures.Case c = BigGanFixtures.cases(fixture).getFirst();
        Tensor z = c.z(), classes = c.classVectors(), expected = c.expected();
        int copies = 4, n = z.dim(0);
        Tensor images = BigGanModel.load(BigGanFixtures.checkpoint(fixture))
                .generate(repeat(z, copies), repeat(classes, copies), c.truncation());
        assertArrayEquals(new int[] {copies * n, 3, 128, 128}, images.shape());
        for (int k = 0; k < copies; k++) {
            Tensor part = Tensor.wrap(Arrays.copyOfRange(images.data(), k * expected.size(), (k + 1) * expected.size()),
                    expected.shape());
            BigGanFixtures.Deviation d = BigGanFixtures.deviation(expected, part, c.expectedUint8(), Quantize.toUint8(part));
            assertTrue(d.relL2() <= BigGanFixtures.MAX_REL_L2 && d.maxAbs() <= BigGanFixtures.MAX_ABS, "copy " + k + ": " + d);
        }
    }

    /** Images must not change as the JIT compiles the kernels: every call gives the first call's bits. */
    @Test
    void repeatedCallsGiveBitIdenticalImages() throws IOException {
        String fixture = "tiny128-zip";
        BigGanFixtures.Case c = BigGanFixtures.cases(fixture).getFirst();
        BigGanModel model = BigGanModel.load(BigGanFixtures.checkpoint(fixture));
        Tensor z = c.z(), classes = c.classVectors();
        float[] first = model.generate(z, classes, c.truncation()).data();
        for (int call = 1; call <= 4; call++) {
            assertArrayEquals(first, model.generate(z, classes, c.truncation()).data(), "call " + call);
        }
    }

    private static Tensor repeat(Tensor rows, int copies) {
        float[] out = new float[rows.size() * copies];
        for (int k = 0; k < copies; k++) {
            System.arraycopy(rows.data(), 0, out, k * rows.size(), rows.size());
        }
        return Tensor.wrap(out, copies * rows.dim(0), rows.dim(1));
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
