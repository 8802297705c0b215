package dev.jgan.gan.cli;

import dev.jgan.gan.dcgan.Checkpoint;
import dev.jgan.gan.dcgan.Dcgan;
import dev.jgan.gan.dcgan.LatentWalk;
import dev.jgan.gan.dcgan.Sampler;
import dev.jgan.gan.image.ImageGrid;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gan dcgan interpolate}: rows of images walking between pairs of latent points. */
@Command(name = "interpolate", sortOptions = false,
        description = "Walk between random latent points: each row goes from one z to another in --steps images;"
                + " with --method both, each pair gets a linear row followed by a spherical one.")
final class DcganInterpolateCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, paramLabel = "RUN_DIR|FILE", description = "Run folder or checkpoint file.")
    private Path checkpoint;

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "PNG to write.")
    private Path out;

    @Option(names = "--steps", defaultValue = "10", description = "Images per row, ends included. Default: ${DEFAULT-VALUE}.")
    private int steps;

    @Option(names = "--pairs", defaultValue = "4", description = "Pairs of latent points (rows per method). Default: ${DEFAULT-VALUE}.")
    private int pairs;

    @Option(names = "--method", defaultValue = "both", description = "linear, spherical or both. Default: ${DEFAULT-VALUE}.")
    private String method;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the latent points. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--label", paramLabel = "L", description = "Class of every row (conditional models; default: row pair i uses class i).")
    private Integer label;

    @Override
    public Integer call() throws Exception {
        List<Boolean> spherical = switch (method.toLowerCase(Locale.ROOT)) {
            case "linear" -> List.of(false);
            case "spherical" -> List.of(true);
            case "both" -> List.of(false, true);
            default -> throw new IllegalArgumentException("--method must be linear, spherical or both, got '" + method + "'");
        };
        if (pairs <= 0) {
            throw new IllegalArgumentException("--pairs must be positive, got " + pairs);
        }
        if (steps < 2) {
            throw new IllegalArgumentException("--steps must be at least 2, got " + steps);
        }
        Dcgan model = Checkpoint.read(checkpoint).model();
        Sampler sampler = new Sampler(model);
        int[] pairLabels = sampler.labels(pairs, label);
        int dim = model.config().latentDim();
        Rng rng = new Rng(seed);
        List<Tensor> rows = new ArrayList<>();
        List<Integer> rowLabels = new ArrayList<>();
        for (int pair = 0; pair < pairs; pair++) {
            float[] a = Tensor.normal(rng, 0f, 1f, dim).data();
            float[] b = Tensor.normal(rng, 0f, 1f, dim).data();
            for (boolean sph : spherical) {
                rows.add(LatentWalk.walk(a, b, steps, sph));
                rowLabels.add(pairLabels == null ? 0 : pairLabels[pair]);
            }
        }
        float[] z = new float[rows.size() * steps * dim];
        int[] labels = new int[rows.size() * steps];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r).data(), 0, z, r * steps * dim, steps * dim);
            Arrays.fill(labels, r * steps, (r + 1) * steps, rowLabels.get(r));
        }
        Tensor images = model.sample(Tensor.wrap(z, labels.length, dim, 1, 1), pairLabels == null ? null : labels);
        ImageGrid.writePng(images, steps, out);
        System.out.printf("wrote %d rows of %d steps (%s) to %s%n", rows.size(), steps, method, out);
        return 0;
    }
}
