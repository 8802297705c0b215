package dev.jgan.gan.dcgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.gan.data.Dataset;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.TensorAllocations;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Steady-state training steps take every tensor from the step's pool (the test JVM counts tensors).
 * Conditional models still allocate their label planes and the ops on them.
 */
class TrainingStepTest {
    @Test
    void steadyStateStepsAllocateNoNewTensors() {
        assertEquals(0, tensorsPerStep(TinyRuns.plain()));
        assertEquals(0, tensorsPerStep(new DcganConfig(Preset.MNIST28, 1, 8, 16, false, 0, false, GanLoss.HINGE, 0f, 0f)));
        assertEquals(0, tensorsPerStep(new DcganConfig(Preset.MNIST28, 1, 8, 16, false, 0, true, GanLoss.BCE, 0.1f, 0.9f)),
                "spectral norm, label smoothing and a moving average of G");
    }

    private static long tensorsPerStep(DcganConfig config) {
        assertTrue(TensorAllocations.enabled(), "the test JVM runs with -Djgan.countTensors=true");
        Dataset data = TinyRuns.dataset(false);
        int n = TinyRuns.BATCH;
        Tensor real = Tensor.of(Arrays.copyOf(data.images().data(), n * 28 * 28), n, 1, 28, 28);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = data.label(i);
        }
        TrainingStep step = new TrainingStep(Dcgan.create(config, 3));
        Rng noise = new Rng(4);
        Tensor[] z = new Tensor[4];
        for (int i = 0; i < z.length; i++) {
            z[i] = Tensor.normal(noise, 0f, 1f, n, config.latentDim(), 1, 1);
        }
        long before = 0;
        for (int i = 0; i < z.length; i++) {
            if (i == 2) {
                before = TensorAllocations.count();
            }
            step.run(real, config.conditional() ? labels : null, z[i]);
        }
        return (TensorAllocations.count() - before) / 2;
    }
}
