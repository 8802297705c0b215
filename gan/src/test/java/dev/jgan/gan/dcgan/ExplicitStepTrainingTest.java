package dev.jgan.gan.dcgan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.gan.train.MetricsLog;
import dev.jgan.nn.backend.CpuBackend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer's GPU path (the explicit step, copied to the host for samples and checkpoints, uploaded
 * from the host on resume) run on the CPU backend: a run split by a resume ends in the same checkpoint,
 * bit for bit, as a straight run of the autograd step, with the same losses on the way.
 */
class ExplicitStepTrainingTest {
    @Test
    void explicitStepRunsAndResumesAsTheAutogradStep(@TempDir Path dir) throws IOException {
        assertRunsAndResumesAsTheAutogradStep(TinyRuns.plain(), dir);
    }

    @Test
    void conditionalExplicitStepWithAMovingAverageRunsAndResumesAsTheAutogradStep(@TempDir Path dir)
            throws IOException {
        assertRunsAndResumesAsTheAutogradStep(
                new DcganConfig(Preset.MNIST28, 1, 8, 16, true, 2, false, GanLoss.BCE, 0.1f, 0.9f), dir);
    }

    @Test
    void hingeExplicitStepRunsAndResumesAsTheAutogradStep(@TempDir Path dir) throws IOException {
        assertRunsAndResumesAsTheAutogradStep(
                new DcganConfig(Preset.MNIST28, 1, 8, 16, false, 0, false, GanLoss.HINGE, 0f, 0f), dir);
    }

    @Test
    void spectralNormExplicitStepRunsAndResumesAsTheAutogradStep(@TempDir Path dir) throws IOException {
        assertRunsAndResumesAsTheAutogradStep(
                new DcganConfig(Preset.MNIST28, 1, 8, 16, false, 0, true, GanLoss.BCE, 0f, 0f), dir);
    }

    private static void assertRunsAndResumesAsTheAutogradStep(DcganConfig config, Path dir) throws IOException {
        Path straight = dir.resolve("autograd");
        Path split = dir.resolve("explicit");
        TinyRuns.train(TinyRuns.options(config, straight, 6, false));
        assertEquals(3, explicitTrain(TinyRuns.options(config, split, 3, false)).steps());
        assertEquals(6, explicitTrain(TinyRuns.options(config, split, 6, true)).steps());
        TinyRuns.assertSameCheckpoint(straight.resolve(Checkpoint.FILE_NAME), split.resolve(Checkpoint.FILE_NAME));
        assertEquals(losses(straight), losses(split));
    }

    private static DcganTrainer.Summary explicitTrain(TrainOptions options) throws IOException {
        return new DcganTrainer(options, TinyRuns.dataset(false),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, Checkpoint.SAFETENSORS,
                new CpuBackend()).train();
    }

    private static List<List<Double>> losses(Path run) throws IOException {
        return MetricsLog.read(run.resolve("metrics.csv")).stream()
                .map(r -> List.of(r.lossD(), r.lossG(), r.dReal(), r.dFake())).toList();
    }
}
