package dev.jgan.gan.dcgan.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.gan.dcgan.Dcgan;
import dev.jgan.gan.dcgan.DcganConfig;
import dev.jgan.gan.dcgan.GanLoss;
import dev.jgan.gan.dcgan.Preset;
import dev.jgan.gan.dcgan.TrainingStep;
import dev.jgan.nn.backend.CpuBackend;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The explicit step on the CPU backend against the autograd {@link TrainingStep}: from the same model
 * and batches (of changing sizes), every loss, parameter, running statistic and Adam moment comes out bit
 * for bit the same.
 */
class BackendTrainingStepTest {
    @Test
    void mnist28WithLabelSmoothingMatchesTheAutogradStepBitForBit() {
        assertSameAsAutograd(new DcganConfig(Preset.MNIST28, 1, 8, 16, false, 0, false, GanLoss.BCE, 0.1f, 0f), 5, 3, 5);
    }

    @Test
    void dcgan64MatchesTheAutogradStepBitForBit() {
        assertSameAsAutograd(new DcganConfig(Preset.DCGAN64, 3, 4, 7, false, 0, false, GanLoss.BCE, 0f, 0f), 3, 2);
    }

    @Test
    void conditionalMnist28MatchesTheAutogradStepBitForBit() {
        assertSameAsAutograd(new DcganConfig(Preset.MNIST28, 1, 8, 16, true, 10, false, GanLoss.BCE, 0.1f, 0f), 5, 3, 5);
    }

    @Test
    void conditionalDcgan64MatchesTheAutogradStepBitForBit() {
        assertSameAsAutograd(new DcganConfig(Preset.DCGAN64, 3, 4, 7, true, 3, false, GanLoss.BCE, 0f, 0f), 3, 2);
    }

    @Test
    void hingeMatchesTheAutogradStepBitForBit() {
        assertSameAsAutograd(new DcganConfig(Preset.MNIST28, 1, 8, 16, false, 0, false, GanLoss.HINGE, 0f, 0f), 5, 3);
        assertSameAsAutograd(new DcganConfig(Preset.DCGAN64, 3, 4, 7, true, 3, false, GanLoss.HINGE, 0f, 0f), 3, 2);
    }

    @Test
    void movingAverageOfGMatchesTheAutogradStepBitForBit() {
        assertSameAsAutograd(new DcganConfig(Preset.MNIST28, 1, 8, 16, false, 0, false, GanLoss.BCE, 0f, 0.9f), 5, 3, 5);
        assertSameAsAutograd(new DcganConfig(Preset.DCGAN64, 3, 4, 7, true, 3, false, GanLoss.HINGE, 0f, 0.999f), 3, 2);
    }

    @Test
    void spectralNormOnDMatchesTheAutogradStepBitForBit() {
        assertSameAsAutograd(new DcganConfig(Preset.MNIST28, 1, 8, 16, false, 0, true, GanLoss.BCE, 0.1f, 0f), 5, 3, 5);
        assertSameAsAutograd(new DcganConfig(Preset.DCGAN64, 3, 4, 7, true, 3, true, GanLoss.HINGE, 0f, 0.999f), 3, 2);
    }

    @Test
    void labelsMustFitTheModel() {
        DcganConfig conditional = new DcganConfig(Preset.MNIST28, 1, 4, 8, true, 3, false, GanLoss.BCE, 0f, 0f);
        Dcgan model = Dcgan.create(conditional, 1);
        TrainingStep host = new TrainingStep(model);
        Tensor real = Tensor.zeros(2, 1, 28, 28);
        Tensor z = Tensor.zeros(2, 8, 1, 1);
        try (BackendTrainingStep<Tensor> step = new BackendTrainingStep<>(new CpuBackend(), model,
                host.generatorOptimizer(), host.discriminatorOptimizer())) {
            assertEquals("a conditional DCGAN needs one label per image: 2 images, no labels",
                    assertThrows(IllegalArgumentException.class, () -> step.run(real, null, z)).getMessage());
            assertEquals("a conditional DCGAN needs one label per image: 2 images, 1 labels",
                    assertThrows(IllegalArgumentException.class, () -> step.run(real, new int[] {0}, z)).getMessage());
            assertEquals("label 3 is outside [0, 3)",
                    assertThrows(IllegalArgumentException.class, () -> step.run(real, new int[] {0, 3}, z)).getMessage());
        }
    }

    /** One step per batch size (a smaller last batch resizes the step's buffers). */
    private static void assertSameAsAutograd(DcganConfig config, int... batches) {
        Dcgan autogradModel = Dcgan.create(config, 11);
        TrainingStep autograd = new TrainingStep(autogradModel);
        Dcgan explicitModel = Dcgan.create(config, 11);
        TrainingStep explicitHost = new TrainingStep(explicitModel);
        Rng rng = new Rng(12);
        int size = config.imageSize();
        try (BackendTrainingStep<Tensor> explicit = new BackendTrainingStep<>(new CpuBackend(), explicitModel,
                explicitHost.generatorOptimizer(), explicitHost.discriminatorOptimizer())) {
            for (int s = 0; s < batches.length; s++) {
                int batch = batches[s];
                Tensor real = Tensor.normal(rng, 0f, 0.5f, batch, config.channels(), size, size);
                Tensor z = Tensor.normal(rng, 0f, 1f, batch, config.latentDim(), 1, 1);
                int[] labels = config.conditional() ? labels(rng, batch, config.numClasses()) : null;
                TrainingStep.Result expected = autograd.run(real, labels, z);
                explicit.run(real, labels, z);
                assertEquals(expected, explicit.result(), "losses and D's outputs of step " + (s + 1));
            }
            explicit.downloadToHost();
        }
        assertSameTensors("model", autogradModel.state(), explicitModel.state());
        assertSameTensors("G's Adam", autograd.generatorOptimizer().state(), explicitHost.generatorOptimizer().state());
        assertSameTensors("D's Adam", autograd.discriminatorOptimizer().state(),
                explicitHost.discriminatorOptimizer().state());
    }

    private static int[] labels(Rng rng, int batch, int classes) {
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = rng.nextInt(classes);
        }
        return labels;
    }

    private static void assertSameTensors(String what, Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(expected.keySet(), actual.keySet(), what);
        expected.forEach((name, t) -> assertArrayEquals(t.data(), actual.get(name).data(), what + " " + name));
    }
}
