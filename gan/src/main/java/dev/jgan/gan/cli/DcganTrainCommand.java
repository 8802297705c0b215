package dev.jgan.gan.cli;

import dev.jgan.gan.data.Dataset;
import dev.jgan.gan.data.DatasetCache;
import dev.jgan.gan.data.Datasets;
import dev.jgan.gan.dcgan.Checkpoint;
import dev.jgan.gan.dcgan.DcganConfig;
import dev.jgan.gan.dcgan.DcganTrainer;
import dev.jgan.gan.dcgan.GanLoss;
import dev.jgan.gan.dcgan.Preset;
import dev.jgan.gan.dcgan.TrainOptions;
import dev.jgan.gan.device.DeviceChoice;
import java.io.Console;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gan dcgan train}: trains a DCGAN preset on a dataset into a run folder. */
@Command(name = "train", sortOptions = false,
        description = "Train a DCGAN. RUN_DIR receives checkpoint.safetensors, metrics.csv, losses.png and"
                + " samples/epoch-NNN.png (fixed z).")
final class DcganTrainCommand implements Callable<Integer> {
    @Option(names = "--dataset", required = true, paramLabel = "mnist|fashion-mnist|PATH",
            description = "mnist, fashion-mnist (fetched into the cache on first use) or a folder of images"
                    + " (one subfolder per class makes it labelled).")
    private String dataset;

    @Option(names = "--out", required = true, paramLabel = "RUN_DIR", description = "Run folder.")
    private Path out;

    @Option(names = "--preset", defaultValue = "mnist28", description = "mnist28 (28x28) or dcgan64 (64x64). Default: ${DEFAULT-VALUE}.")
    private String preset;

    @Option(names = "--epochs", defaultValue = "5", description = "Passes over the dataset. Default: ${DEFAULT-VALUE}.")
    private int epochs;

    @Option(names = "--batch-size", defaultValue = "128", description = "Default: ${DEFAULT-VALUE}.")
    private int batchSize;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of weights, data order and z. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--device", paramLabel = "cuda|cpu",
            description = "Train on the GPU (cuda) or the CPU. Default: cuda when a usable GPU is present, else cpu.")
    private String device;

    @Option(names = "--precision", paramLabel = "fp32|tf32", description = DeviceChoice.PRECISION_OPTION_DESCRIPTION)
    private String precision;

    @Option(names = "--resume", description = "Continue the run in RUN_DIR from its checkpoint (same options).")
    private boolean resume;

    @Option(names = "--max-steps", defaultValue = "0", description = "Stop after this many steps in all (0: no limit).")
    private long maxSteps;

    @Option(names = "--checkpoint-minutes", defaultValue = "10",
            description = "Also checkpoint every this many minutes (0: per epoch only). Default: ${DEFAULT-VALUE}.")
    private double checkpointMinutes;

    @Option(names = "--conditional", description = "Class-conditional G and D (labels as one-hot inputs).")
    private boolean conditional;

    @Option(names = "--spectral-norm", description = "Spectral normalisation of D's convolutions.")
    private boolean spectralNorm;

    @Option(names = "--loss", defaultValue = "bce", description = "bce (non-saturating) or hinge. Default: ${DEFAULT-VALUE}.")
    private String loss;

    @Option(names = "--label-smoothing", defaultValue = "0", paramLabel = "S",
            description = "One-sided label smoothing: D's target for real images is 1 - S (bce only).")
    private float labelSmoothing;

    @Option(names = "--ema", defaultValue = "0", paramLabel = "DECAY",
            description = "Keep an exponential moving average of G's weights (e.g. 0.999) and sample from it.")
    private float ema;

    @Option(names = "--channels", paramLabel = "1|3",
            description = "Image channels (default: 1 for mnist28 or the MNIST datasets, 3 otherwise).")
    private Integer channels;

    @Option(names = "--width", defaultValue = "64", description = "Base width (ngf = ndf). Default: ${DEFAULT-VALUE}.")
    private int width;

    @Option(names = "--latent-dim", defaultValue = "100", description = "Size of z. Default: ${DEFAULT-VALUE}.")
    private int latentDim;

    @Override
    public Integer call() throws Exception {
        Preset p = Preset.named(preset);
        GanLoss objective = GanLoss.named(loss.toLowerCase(Locale.ROOT));
        int imageChannels = channels != null ? channels
                : p == Preset.MNIST28 || DatasetCache.NAMES.contains(dataset) ? 1 : 3;
        // Checks every option before loading any data.
        DcganConfig unlabelled = new DcganConfig(p, imageChannels, width, latentDim, false, 0, spectralNorm, objective,
                labelSmoothing, ema);
        new TrainOptions(unlabelled, dataset, out, epochs, batchSize, seed, maxSteps, checkpointMinutes, resume);
        DeviceChoice choice = DeviceChoice.choose(device, DeviceChoice.GpuProbe.CUDA_RUNTIME).withPrecision(precision);
        Dataset data = Datasets.load(dataset, p.imageSize(), imageChannels, System.out);
        if (conditional && !data.hasLabels()) {
            throw new IllegalArgumentException("--conditional needs labelled images; " + dataset
                    + " has no labels (a folder needs one subfolder per class)");
        }
        DcganConfig config = new DcganConfig(p, imageChannels, width, latentDim, conditional,
                conditional ? data.numClasses() : 0, spectralNorm, objective, labelSmoothing, ema);
        TrainOptions options = new TrainOptions(config, dataset, out, epochs, batchSize, seed, maxSteps,
                checkpointMinutes, resume);
        System.out.println(choice.describe());
        Console console = System.console();
        boolean terminal = console != null && console.isTerminal();
        DcganTrainer.Summary summary = new DcganTrainer(options, data, System.out, terminal, Checkpoint.SAFETENSORS,
                choice).train();
        if (summary.lastGrid() != null) {
            System.out.printf(Locale.ROOT,
                    "done: %d steps, %.1f images/s (training steps alone: %.1f images/s); samples %s%n"
                            + "per step after the first %d: %s%n",
                    summary.steps(), summary.imagesPerSecond(), summary.trainingImagesPerSecond(), summary.lastGrid(),
                    DcganTrainer.WARM_UP_STEPS,
                    summary.perSteadyStep() == null ? "too few steps to tell" : summary.perSteadyStep().describe());
            if (summary.perLateStep() != null) {
                System.out.printf(Locale.ROOT, "per step over the last %d: %s%n", summary.lateSteps(),
                        summary.perLateStep().describe());
            }
        }
        return 0;
    }
}
