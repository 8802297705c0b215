package dev.jgan.gan.biggan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.cuda.CudaBackend;
import dev.jgan.cuda.CudaContext;
import dev.jgan.cuda.CudaRuntime;
import dev.jgan.cuda.DeviceTensor;
import dev.jgan.cuda.Precision;
import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The BigGAN-deep forward on the GPU against the CPU generator, on the small fixture checkpoints: batches
 * of 1 and 3 with one-hot and blended classes, truncations on and between the stored statistics rows,
 * relative L2 <= 1e-5 in FP32 and <= 1e-2 with TF32 convolutions and products. Self-contained (gpu-check
 * carries only the GPU test classes): the checkpoint is read from the nn test resources, from the
 * repository root or the gan module. Skips without a GPU (fails instead under -Djgan.cuda.require=true).
 */
class BackendBigGanModelGpuTest {
    private static final double FP32_TOLERANCE = 1e-5;
    private static final double TF32_TOLERANCE = 1e-2;

    @Test
    void theGpuForwardMatchesTheCpuGenerator() throws IOException {
        if (Boolean.getBoolean("jgan.cuda.require")) {
            assertTrue(CudaRuntime.isAvailable(), CudaRuntime.unavailableReason());
        }
        Assumptions.assumeTrue(CudaRuntime.isAvailable(), CudaRuntime.unavailableReason());
        for (String fixture : new String[] {"tiny128-zip", "tiny128-legacy"}) {
            BigGanModel cpu = BigGanModel.load(checkpoint(fixture));
            BigGanConfig config = cpu.config();
            Tensor z = TruncatedNoise.sample(7, 3, config.zDim(), 0.5);
            Tensor classes = Tensor.zeros(3, config.numClasses());
            classes.data()[1] = 1f;
            classes.data()[config.numClasses() + 5] = 0.3f;
            classes.data()[config.numClasses() + 9] = 0.7f;
            classes.data()[2 * config.numClasses() + config.numClasses() - 1] = 1f;
            Tensor first = Tensor.wrap(Arrays.copyOf(z.data(), config.zDim()), 1, config.zDim());
            Tensor firstClass = Tensor.wrap(Arrays.copyOf(classes.data(), config.numClasses()), 1,
                    config.numClasses());
            try (CudaContext context = CudaContext.open(0)) {
                for (Precision precision : Precision.values()) {
                    double tolerance = precision == Precision.TF32 ? TF32_TOLERANCE : FP32_TOLERANCE;
                    try (BackendBigGanModel<DeviceTensor> gpu =
                                 new BackendBigGanModel<>(new CudaBackend(context, precision), cpu)) {
                        for (double truncation : new double[] {0.4, 0.37, 1.0}) {
                            String what = fixture + " " + precision + " truncation " + truncation;
                            assertClose(what + " batch 3", cpu.generate(z, classes, truncation),
                                    gpu.generate(z, classes, truncation), tolerance);
                            assertClose(what + " batch 1", cpu.generate(first, firstClass, truncation),
                                    gpu.generate(first, firstClass, truncation), tolerance);
                        }
                    }
                }
            }
        }
    }

    private static void assertClose(String what, Tensor expected, Tensor actual, double tolerance) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        double diff = 0, norm = 0;
        for (int i = 0; i < expected.size(); i++) {
            double d = (double) actual.data()[i] - expected.data()[i];
            diff += d * d;
            norm += (double) expected.data()[i] * expected.data()[i];
        }
        double relL2 = Math.sqrt(diff / Math.max(norm, 1e-30));
        assertTrue(relL2 <= tolerance, what + ": relative L2 " + relL2 + " > " + tolerance);
    }

    private static Path checkpoint(String fixture) {
        for (String root : new String[] {".", ".."}) {
            Path dir = Path.of(root, "nn", "src", "test", "resources", "biggan", fixture).toAbsolutePath().normalize();
            if (Files.isRegularFile(dir.resolve("pytorch_model.bin"))) {
                return dir;
            }
        }
        throw new AssertionError("fixture checkpoint " + fixture + " not found under nn/src/test/resources/biggan"
                + " from " + Path.of("").toAbsolutePath());
    }
}
