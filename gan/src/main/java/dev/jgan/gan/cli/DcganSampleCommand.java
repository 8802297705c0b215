package dev.jgan.gan.cli;

import dev.jgan.gan.dcgan.Checkpoint;
import dev.jgan.gan.dcgan.Sampler;
import dev.jgan.gan.image.ImageGrid;
import dev.jgan.nn.io.Npy;
import dev.jgan.tensor.Tensor;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gan dcgan sample}: images from a trained DCGAN as a PNG grid or a .npy array. */
@Command(name = "sample", sortOptions = false,
        description = "Draw images from a checkpoint (the moving average of G when trained with --ema).")
final class DcganSampleCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, paramLabel = "RUN_DIR|FILE", description = "Run folder or checkpoint file.")
    private Path checkpoint;

    @Option(names = "--count", defaultValue = "64", description = "Number of images. Default: ${DEFAULT-VALUE}.")
    private int count;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of z. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--label", paramLabel = "L", description = "Class to draw (conditional models only).")
    private Integer label;

    @Option(names = "--columns", description = "Images per grid row (default: about the square root of --count).")
    private Integer columns;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Output output;

    static final class Output {
        @Option(names = "--grid", required = true, paramLabel = "FILE.png", description = "Write a PNG grid.")
        private Path grid;

        @Option(names = "--npy", required = true, paramLabel = "FILE.npy",
                description = "Write float32 [N, C, H, W] in [-1, 1] (NumPy .npy).")
        private Path npy;
    }

    @Override
    public Integer call() throws Exception {
        Sampler sampler = new Sampler(Checkpoint.read(checkpoint).model());
        sampler.labels(count, label);
        Tensor images = sampler.sample(count, seed, label);
        if (output.grid != null) {
            int cols = columns != null ? columns : (int) Math.ceil(Math.sqrt(count));
            if (cols <= 0) {
                throw new IllegalArgumentException("--columns must be positive, got " + cols);
            }
            ImageGrid.writePng(images, cols, output.grid);
            System.out.println("wrote " + count + " samples to " + output.grid);
        } else {
            Npy.writeFloat(output.npy, images);
            System.out.println("wrote " + images.shapeString() + " float32 samples to " + output.npy);
        }
        return 0;
    }
}
