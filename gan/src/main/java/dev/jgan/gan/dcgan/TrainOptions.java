package dev.jgan.gan.dcgan;

import java.nio.file.Path;

/**
 * How to run a training job (the model itself is fixed by {@link DcganConfig}).
 *
 * @param maxSteps          stop after this many steps in all (0 = no limit; for quick runs)
 * @param checkpointMinutes also checkpoint when this many minutes passed since the last one (0 = only per epoch)
 * @param resume            continue the checkpoint in {@code out} instead of starting afresh
 */
public record TrainOptions(DcganConfig config, String dataset, Path out, int epochs, int batchSize, long seed,
                           long maxSteps, double checkpointMinutes, boolean resume) {
    public TrainOptions {
        require(epochs > 0, "--epochs must be positive, got " + epochs);
        require(batchSize > 0, "--batch-size must be positive, got " + batchSize);
        require(maxSteps >= 0, "--max-steps must be 0 (no limit) or positive, got " + maxSteps);
        require(checkpointMinutes >= 0 && Double.isFinite(checkpointMinutes),
                "--checkpoint-minutes must be 0 (per epoch only) or positive, got " + checkpointMinutes);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
