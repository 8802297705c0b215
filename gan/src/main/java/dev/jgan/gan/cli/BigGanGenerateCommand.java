package dev.jgan.gan.cli;

import dev.jgan.gan.biggan.BigGanConfig;
import dev.jgan.gan.biggan.BigGanModel;
import dev.jgan.gan.biggan.BigGanSampler;
import dev.jgan.gan.biggan.ImageFiles;
import dev.jgan.gan.biggan.Quantize;
import dev.jgan.gan.biggan.RgbImages;
import dev.jgan.gan.device.DeviceChoice;
import dev.jgan.nn.io.Npy;
import dev.jgan.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gan biggan generate}: images of chosen classes from a BigGAN-deep model. */
@Command(name = "generate",
        description = {"Generate images of ImageNet classes with a BigGAN-deep model.",
                "Each --class value gives --count images; values with weights (tiger:0.5) blend into one class."})
final class BigGanGenerateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE",
            description = "jgan model file (.safetensors), or a checkpoint folder / pytorch_model.bin with config.json.")
    private Path model;

    @Option(names = "--class", paramLabel = "NAME|INDEX[:WEIGHT]",
            description = "Class by name, synonym or index; repeat for more images, or give weights to blend.")
    private List<String> classes = new ArrayList<>();

    @Option(names = "--class-vector-file", paramLabel = "C.npy",
            description = "float32 [N, num_classes] class vectors instead of --class.")
    private Path classVectorFile;

    @Option(names = "--z-file", paramLabel = "Z.npy",
            description = "float32 [N, z_dim] latents (already scaled by the truncation) instead of sampling.")
    private Path zFile;

    @Option(names = "--truncation", defaultValue = "0.4", paramLabel = "T",
            description = "In (0, 1]: scales z and picks the batch-norm statistics; low is faithful, high diverse"
                    + " (default: ${DEFAULT-VALUE}).")
    private double truncation;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed for z (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--count", paramLabel = "N", description = "Images per class (default: 1).")
    private Integer count;

    @Option(names = "--out", required = true, paramLabel = "FILE.png|DIR",
            description = "One PNG with all images, or a folder for one PNG per image.")
    private Path out;

    @Option(names = "--npy", paramLabel = "FILE.npy", description = "Also write the raw float32 output [N, 3, H, W].")
    private Path npy;

    @Option(names = "--device", paramLabel = "cuda|cpu", description = BigGanDevice.OPTION_DESCRIPTION)
    private String device;

    @Option(names = "--precision", paramLabel = "fp32|tf32", description = DeviceChoice.PRECISION_OPTION_DESCRIPTION)
    private String precision;

    @Override
    public Integer call() throws Exception {
        BigGanInputs.checkOptions(classes, classVectorFile, zFile, count, truncation);
        DeviceChoice choice = BigGanDevice.choose(device, precision);
        System.out.println(choice.describe());
        long start = System.nanoTime();
        try (BigGanSampler generator = BigGanDevice.open(BigGanModel.load(model), choice)) {
            return generate(generator, (System.nanoTime() - start) / 1e9);
        }
    }

    private int generate(BigGanSampler generator, double loadSeconds) throws Exception {
        BigGanConfig config = generator.config();
        BigGanInputs inputs = BigGanInputs.resolve(classes, classVectorFile, zFile, count, seed, truncation,
                config.zDim(), config.numClasses());
        long generateStart = System.nanoTime();
        Tensor images = generator.generate(inputs.z(), inputs.classVectors(), truncation);
        write(images, inputs.columns(), inputs.labels(), out, npy);
        int size = config.outputSize();
        System.out.printf(Locale.ROOT,
                "generated %d image%s of %dx%d at truncation %s in %.1f s (model loaded in %.1f s): %s%n",
                images.dim(0), images.dim(0) == 1 ? "" : "s", size, size, truncation,
                (System.nanoTime() - generateStart) / 1e9, loadSeconds, npy == null ? out : out + ", " + npy);
        return 0;
    }

    /** Writes images [N, 3, H, W] as PNG (quantised as the reference does) and, if asked, raw as .npy. */
    static void write(Tensor images, int columns, List<String> labels, Path out, Path npy) throws Exception {
        RgbImages pixels = new RgbImages(Quantize.toUint8(images), images.dim(0), images.dim(2), images.dim(3));
        ImageFiles.write(out, pixels, columns, labels);
        if (npy != null) {
            Npy.writeFloat(npy, images);
        }
    }
}
