package dev.jgan.gan.cli;

import dev.jgan.gan.biggan.BigGanConfig;
import dev.jgan.gan.biggan.BigGanModel;
import dev.jgan.gan.biggan.BigGanSampler;
import dev.jgan.gan.biggan.ClassSelection;
import dev.jgan.gan.biggan.LatentInterpolation;
import dev.jgan.gan.biggan.TruncatedNoise;
import dev.jgan.gan.device.DeviceChoice;
import dev.jgan.tensor.Tensor;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gan biggan interpolate}: a strip of images between two seeds, two classes, or both. */
@Command(name = "interpolate",
        description = {"Generate a strip of images moving from one seed and class to another.",
                "z moves along the great circle (--linear: a straight line); the class vector moves linearly."})
final class BigGanInterpolateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE",
            description = "jgan model file (.safetensors), or a checkpoint folder / pytorch_model.bin with config.json.")
    private Path model;

    @Option(names = "--class", required = true, paramLabel = "NAME|INDEX",
            description = "Class at the start (a blend: repeat with weights).")
    private List<String> fromClass;

    @Option(names = "--to-class", paramLabel = "NAME|INDEX",
            description = "Class at the end (default: the start class).")
    private List<String> toClass;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "Seed of z at the start (default: ${DEFAULT-VALUE}).")
    private long fromSeed;

    @Option(names = "--to-seed", paramLabel = "S", description = "Seed of z at the end (default: the start seed).")
    private Long toSeed;

    @Option(names = "--steps", defaultValue = "8", paramLabel = "K",
            description = "Images in the strip, ends included (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Option(names = "--linear", description = "Move z along a straight line instead of the great circle.")
    private boolean linear;

    @Option(names = "--truncation", defaultValue = "0.4", paramLabel = "T",
            description = "In (0, 1]: scales z and picks the batch-norm statistics (default: ${DEFAULT-VALUE}).")
    private double truncation;

    @Option(names = "--out", required = true, paramLabel = "FILE.png|DIR",
            description = "The strip as one PNG, or a folder of PNGs.")
    private Path out;

    @Option(names = "--npy", paramLabel = "FILE.npy", description = "Also write the raw float32 output [K, 3, H, W].")
    private Path npy;

    @Option(names = "--device", paramLabel = "cuda|cpu", description = BigGanDevice.OPTION_DESCRIPTION)
    private String device;

    @Option(names = "--precision", paramLabel = "fp32|tf32", description = DeviceChoice.PRECISION_OPTION_DESCRIPTION)
    private String precision;

    @Override
    public Integer call() throws Exception {
        if (toSeed == null && toClass == null) {
            throw new IllegalArgumentException("give --to-seed or --to-class: nothing to interpolate");
        }
        TruncatedNoise.checkTruncation(truncation);
        if (steps < 2) {
            throw new IllegalArgumentException("--steps must be at least 2, got " + steps);
        }
        DeviceChoice choice = BigGanDevice.choose(device, precision);
        System.out.println(choice.describe());
        long start = System.nanoTime();
        try (BigGanSampler generator = BigGanDevice.open(BigGanModel.load(model), choice)) {
            return generate(generator, (System.nanoTime() - start) / 1e9);
        }
    }

    private int generate(BigGanSampler generator, double loadSeconds) throws Exception {
        BigGanConfig config = generator.config();
        Tensor zFrom = TruncatedNoise.sample(fromSeed, 1, config.zDim(), truncation);
        Tensor zTo = toSeed == null ? zFrom : TruncatedNoise.sample(toSeed, 1, config.zDim(), truncation);
        Tensor cFrom = singleVector(fromClass, "--class", config.numClasses());
        Tensor cTo = toClass == null ? cFrom : singleVector(toClass, "--to-class", config.numClasses());
        Tensor z = linear ? LatentInterpolation.linear(zFrom, zTo, steps) : LatentInterpolation.spherical(zFrom, zTo, steps);
        Tensor classVectors = LatentInterpolation.linear(cFrom, cTo, steps);
        long generateStart = System.nanoTime();
        Tensor images = generator.generate(z, classVectors, truncation);
        BigGanGenerateCommand.write(images, steps, Collections.nCopies(steps, "step"), out, npy);
        int size = config.outputSize();
        System.out.printf(Locale.ROOT,
                "generated a strip of %d images of %dx%d at truncation %s in %.1f s (model loaded in %.1f s): %s%n",
                steps, size, size, truncation, (System.nanoTime() - generateStart) / 1e9, loadSeconds,
                npy == null ? out : out + ", " + npy);
        return 0;
    }

    private static Tensor singleVector(List<String> values, String option, int numClasses) {
        ClassSelection selection = ClassSelection.parse(values, numClasses);
        if (selection.size() != 1) {
            throw new IllegalArgumentException(option + " takes one class, or several with weights for a blend; found "
                    + selection.size() + " classes without weights");
        }
        return selection.vectors(1);
    }
}
