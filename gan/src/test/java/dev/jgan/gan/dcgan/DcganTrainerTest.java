package dev.jgan.gan.dcgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.gan.train.MetricsLog;
import dev.jgan.nn.io.AtomicFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DcganTrainerTest {

    @Test
    void sameSeedGivesTheSameWeightsAndAnotherSeedDoesNot(@TempDir Path dir) throws IOException {
        DcganConfig hinge = new DcganConfig(Preset.MNIST28, 1, 8, 16, false, 0, false, GanLoss.HINGE, 0f, 0f);
        TinyRuns.train(TinyRuns.options(hinge, dir.resolve("a"), 6, false));
        TinyRuns.train(TinyRuns.options(hinge, dir.resolve("b"), 6, false));
        TinyRuns.assertSameCheckpoint(dir.resolve("a/checkpoint.safetensors"), dir.resolve("b/checkpoint.safetensors"));

        TinyRuns.train(new TrainOptions(hinge, "bars", dir.resolve("c"), 3, TinyRuns.BATCH, 8, 6, 0, false));
        assertThrows(AssertionError.class, () -> TinyRuns.assertSameCheckpoint(
                dir.resolve("a/checkpoint.safetensors"), dir.resolve("c/checkpoint.safetensors")));
    }

    @Test
    void resumingMidEpochEqualsTheStraightRunBitForBit(@TempDir Path dir) throws IOException {
        DcganConfig config = TinyRuns.everyOption();
        Path straight = dir.resolve("straight");
        Path split = dir.resolve("split");
        TinyRuns.train(TinyRuns.options(config, straight, 6, false));
        DcganTrainer.Summary first = TinyRuns.train(TinyRuns.options(config, split, 3, false));
        assertEquals(3, first.steps());
        DcganTrainer.Summary second = TinyRuns.train(TinyRuns.options(config, split, 6, true));
        assertEquals(6, second.steps());
        TinyRuns.assertSameCheckpoint(straight.resolve(Checkpoint.FILE_NAME), split.resolve(Checkpoint.FILE_NAME));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L),
                MetricsLog.read(split.resolve("metrics.csv")).stream().map(MetricsLog.Row::step).toList());
        assertTrue(Files.isRegularFile(split.resolve("samples/epoch-001.png")));
        assertTrue(Files.isRegularFile(split.resolve("samples/step-000003.png")));
        assertTrue(Files.isRegularFile(split.resolve("losses.png")));
    }

    @Test
    void stepsAfterTheWarmUpAllocateNoTensors(@TempDir Path dir) throws IOException {
        DcganConfig hinge = new DcganConfig(Preset.MNIST28, 1, 8, 16, false, 0, false, GanLoss.HINGE, 0f, 0f);
        for (DcganConfig config : List.of(TinyRuns.plain(), TinyRuns.everyOption(), hinge)) {
            Path run = dir.resolve(config.conditional() ? "every-option" : config.loss().name());
            DcganTrainer.Summary summary = TinyRuns.train(TinyRuns.options(config, run, 6, false));
            assertEquals(0, summary.perSteadyStep().tensors(), "tensors per step after the warm-up, " + config);
            assertEquals(0, summary.perSteadyStep().tensorBytes());
            assertEquals(2, summary.lateSteps(), "the last half of the 4 steps past the warm-up");
            assertEquals(0, summary.perLateStep().tensors());
            DcganTrainer.Summary warmUpOnly = TinyRuns.train(TinyRuns.options(config,
                    run.resolveSibling(run.getFileName() + "-short"), DcganTrainer.WARM_UP_STEPS, false));
            assertEquals(null, warmUpOnly.perSteadyStep(), "no step past the warm-up");
            assertEquals(null, warmUpOnly.perLateStep());
        }
    }

    @Test
    void aCheckpointFromOtherOptionsIsRefusedAndAnExistingRunIsNotOverwritten(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        TinyRuns.train(TinyRuns.options(TinyRuns.plain(), run, 2, false));
        byte[] before = Files.readAllBytes(run.resolve(Checkpoint.FILE_NAME));

        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> TinyRuns.train(TinyRuns.options(TinyRuns.everyOption(), run, 4, true)));
        assertTrue(other.getMessage().contains("it was trained as mnist28 (1 channel, width 8, z 16, bce)"), other.getMessage());
        assertTrue(other.getMessage().contains("not mnist28 (1 channel, width 8, z 16, bce, conditional on 2 classes"),
                other.getMessage());

        IllegalArgumentException seed = assertThrows(IllegalArgumentException.class, () -> TinyRuns.train(
                new TrainOptions(TinyRuns.plain(), "bars", run, 3, TinyRuns.BATCH, 99, 4, 0, true)));
        assertTrue(seed.getMessage().contains("--seed 7, not 99"), seed.getMessage());

        IllegalArgumentException fresh = assertThrows(IllegalArgumentException.class,
                () -> TinyRuns.train(TinyRuns.options(TinyRuns.plain(), run, 4, false)));
        assertTrue(fresh.getMessage().contains("already holds a checkpoint; add --resume"), fresh.getMessage());

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> TinyRuns.train(TinyRuns.options(TinyRuns.plain(), dir.resolve("none"), 4, true)));
        assertTrue(missing.getMessage().contains("holds no checkpoint"), missing.getMessage());
        assertArrayEquals(before, Files.readAllBytes(run.resolve(Checkpoint.FILE_NAME)));
    }

    @Test
    void divergenceStopsWithoutSavingAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        IllegalStateException early = assertThrows(IllegalStateException.class,
                () -> TinyRuns.train(TinyRuns.options(TinyRuns.plain(), run, 2, false), TinyRuns.dataset(true),
                        Checkpoint.SAFETENSORS));
        assertTrue(early.getMessage().startsWith("training diverged at step 1 (epoch 1): loss D = NaN"), early.getMessage());
        assertTrue(early.getMessage().endsWith("no checkpoint had been written yet"), early.getMessage());
        assertFalse(Files.exists(run.resolve(Checkpoint.FILE_NAME)));

        Path good = dir.resolve("good");
        TinyRuns.train(TinyRuns.options(TinyRuns.plain(), good, 2, false));
        byte[] before = Files.readAllBytes(good.resolve(Checkpoint.FILE_NAME));
        IllegalStateException later = assertThrows(IllegalStateException.class,
                () -> TinyRuns.train(TinyRuns.options(TinyRuns.plain(), good, 4, true), TinyRuns.dataset(true),
                        Checkpoint.SAFETENSORS));
        assertTrue(later.getMessage().startsWith("training diverged at step 3 (epoch 1)"), later.getMessage());
        assertTrue(later.getMessage().contains("the last good checkpoint is " + good.resolve(Checkpoint.FILE_NAME)
                + " (step 2)"), later.getMessage());
        assertArrayEquals(before, Files.readAllBytes(good.resolve(Checkpoint.FILE_NAME)));
    }

    @Test
    void aFullDiskWhileCheckpointingKeepsThePreviousCheckpoint(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        TinyRuns.train(TinyRuns.options(TinyRuns.plain(), run, 2, false));
        byte[] before = Files.readAllBytes(run.resolve(Checkpoint.FILE_NAME));
        Checkpoint.Writer fullDisk = (file, tensors, metadata) -> AtomicFile.write(file, channel -> {
            channel.write(ByteBuffer.wrap(new byte[4096]));
            throw new IOException("No space left on device");
        });
        IOException e = assertThrows(IOException.class,
                () -> TinyRuns.train(TinyRuns.options(TinyRuns.plain(), run, 4, true), TinyRuns.dataset(false), fullDisk));
        assertEquals("could not write checkpoint " + run.resolve(Checkpoint.FILE_NAME) + " at step 4: No space left on"
                + " device; the previous checkpoint (step 2) is intact", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(run.resolve(Checkpoint.FILE_NAME)));
        try (Stream<Path> files = Files.list(run)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList());
        }
        DcganTrainer.Summary resumed = TinyRuns.train(TinyRuns.options(TinyRuns.plain(), run, 4, true));
        assertEquals(4, resumed.steps());
        assertTrue(resumed.imagesPerSecond() > 0, "images/s " + resumed.imagesPerSecond());
        assertTrue(resumed.trainingImagesPerSecond() >= resumed.imagesPerSecond(),
                "the training steps alone " + resumed.trainingImagesPerSecond() + " images/s, the whole session "
                        + resumed.imagesPerSecond());
    }

    @Test
    void checkpointsFollowTheClockBetweenEpochEnds(@TempDir Path dir) throws IOException {
        List<Long> written = new ArrayList<>();
        Checkpoint.Writer counting = (file, tensors, metadata) -> {
            written.add(Long.parseLong(metadata.get("train.step")));
            Checkpoint.SAFETENSORS.write(file, tensors, metadata);
        };
        TrainOptions everyInstant = new TrainOptions(TinyRuns.plain(), "bars", dir.resolve("run"), 3, TinyRuns.BATCH, 7,
                5, 1e-9, false);
        TinyRuns.train(everyInstant, TinyRuns.dataset(false), counting);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), written);

        written.clear();
        TinyRuns.train(TinyRuns.options(TinyRuns.plain(), dir.resolve("epochs"), 9, false), TinyRuns.dataset(false),
                counting);
        assertEquals(List.of(4L, 8L, 9L), written, "per epoch (4 steps) and at the end only");
    }
}
