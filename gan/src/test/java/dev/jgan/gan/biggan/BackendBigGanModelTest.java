package dev.jgan.gan.biggan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.nn.backend.CpuBackend;
import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The backend generator on the CPU backend against the CPU generator: the backend's operations call the
 * same CPU kernels in the same order (the conditional gain's + 1 as the GEMM's row bias, the shortcut as
 * an add that reads x's first channels in place), so every image must be the same bits. Each fixture's
 * first three cases and its blend and single-image cases run through one model: batches of 1 to 3,
 * one-hot and blended classes, truncations that change the selected statistics between calls.
 */
class BackendBigGanModelTest {
    static final List<String> FIXTURES = BigGanFixtures.NAMES;

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void cpuBackendGivesTheCpuGeneratorsBits(String fixture) throws IOException {
        BigGanModel cpu = BigGanModel.load(BigGanFixtures.checkpoint(fixture));
        try (BackendBigGanModel<Tensor> backend = new BackendBigGanModel<>(new CpuBackend(), cpu)) {
            assertEquals("cpu", backend.deviceName());
            List<BigGanFixtures.Case> cases = BigGanFixtures.cases(fixture);
            for (BigGanFixtures.Case c : cases) {
                if (cases.indexOf(c) >= 3 && !c.name().startsWith("blend") && !c.name().startsWith("single")) {
                    continue;
                }
                Tensor z = c.z(), classes = c.classVectors();
                Tensor expected = cpu.generate(z, classes, c.truncation());
                Tensor actual = backend.generate(z, classes, c.truncation());
                assertArrayEquals(expected.shape(), actual.shape(), c.name());
                assertArrayEquals(expected.data(), actual.data(), fixture + " " + c.name());
            }
        }
    }

    @Test
    void repeatedCallsAllocateNothingAndGiveTheSameBits() throws IOException {
        String fixture = "tiny128-zip";
        BigGanFixtures.Case c = BigGanFixtures.cases(fixture).getFirst();
        Tensor z = c.z(), classes = c.classVectors();
        try (BackendBigGanModel<Tensor> backend =
                     new BackendBigGanModel<>(new CpuBackend(), BigGanModel.load(BigGanFixtures.checkpoint(fixture)))) {
            float[] first = backend.generate(z, classes, c.truncation()).data();
            int allocations = backend.workspaceAllocations();
            assertTrue(allocations > 0, "the first call allocates its activations");
            for (double truncation : new double[] {1.0, c.truncation()}) {
                backend.generate(z, classes, truncation);
            }
            assertArrayEquals(first, backend.generate(z, classes, c.truncation()).data(), "after other truncations");
            assertEquals(allocations, backend.workspaceAllocations(), "activation tensors allocated after the first call");
        }
    }

    @Test
    void badInputsAreRefusedAsOnTheCpu() throws IOException {
        BigGanModel cpu = BigGanModel.load(BigGanFixtures.checkpoint("tiny128-zip"));
        BigGanConfig config = cpu.config();
        try (BackendBigGanModel<Tensor> backend = new BackendBigGanModel<>(new CpuBackend(), cpu)) {
            Tensor z = Tensor.zeros(2, config.zDim());
            var e = assertThrows(IllegalArgumentException.class,
                    () -> backend.generate(z, Tensor.zeros(3, config.numClasses()), 0.5));
            assertTrue(e.getMessage().contains("class vectors"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> backend.generate(z, Tensor.zeros(2, config.numClasses()), 0));
        }
    }
}
