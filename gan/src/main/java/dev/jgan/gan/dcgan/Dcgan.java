package dev.jgan.gan.dcgan;

import dev.jgan.nn.autograd.Grad;
import dev.jgan.nn.autograd.ShapeOps;
import dev.jgan.nn.autograd.Var;
import dev.jgan.nn.layers.Sequential;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.OneHot;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A DCGAN: generator G, discriminator D and, when the configuration asks for it, the moving
 * average of G's weights that sampling uses. Conditional models take the labels alongside
 * z and the images (see {@link DcganNetworks}).
 */
public final class Dcgan {
    /** Prefixes of the networks' tensors in a checkpoint. */
    static final String GENERATOR = "g.";
    static final String DISCRIMINATOR = "d.";
    static final String AVERAGE = "g_ema.";

    private final DcganConfig config;
    private final Sequential generator;
    private final Sequential discriminator;
    private final WeightAverage average;

    private Dcgan(DcganConfig config, Rng rng) {
        this.config = config;
        generator = DcganNetworks.generator(config, rng);
        discriminator = DcganNetworks.discriminator(config, rng);
        DcganNetworks.initialise(generator, rng);
        DcganNetworks.initialise(discriminator, rng);
        average = config.hasEma()
                ? new WeightAverage(generator, DcganNetworks.generator(config, rng), config.emaDecay())
                : null;
    }

    /** A freshly initialised DCGAN; the same seed gives the same weights. */
    public static Dcgan create(DcganConfig config, long seed) {
        return new Dcgan(config, new Rng(seed));
    }

    public DcganConfig config() {
        return config;
    }

    public Sequential generator() {
        return generator;
    }

    public Sequential discriminator() {
        return discriminator;
    }

    /** The moving average of G, or null when the configuration has none. */
    public WeightAverage average() {
        return average;
    }

    /** G(z) with the graph recorded (training); z is [N, latentDim, 1, 1], labels null unless conditional. */
    public Var generate(Tensor z, int[] labels) {
        return generator.forward(generatorInput(z, labels));
    }

    /** D's logits [N, 1, 1, 1] for images [N, C, H, W]. */
    public Var discriminate(Var images, int[] labels) {
        if (!config.conditional()) {
            return discriminator.forward(images);
        }
        return discriminator.forward(ShapeOps.concatChannels(images,
                labelPlanes(labels, images.dim(0), images.dim(2), images.dim(3))));
    }

    /**
     * Images from z for viewing or export: the moving-average generator if there is one,
     * otherwise G, in evaluation mode (running batch-norm statistics), without a graph.
     */
    public Tensor sample(Tensor z, int[] labels) {
        Sequential net = average != null ? average.generator() : generator;
        boolean wasTraining = net.isTraining();
        net.eval();
        try (Grad.Scope off = Grad.off()) {
            return net.forward(generatorInput(z, labels)).value();
        } finally {
            if (wasTraining) {
                net.train();
            }
        }
    }

    /** Every tensor of the model under "g.", "d." and "g_ema." names; live tensors. */
    public Map<String, Tensor> state() {
        Map<String, Tensor> all = new LinkedHashMap<>();
        generator.state().forEach((name, t) -> all.put(GENERATOR + name, t));
        discriminator.state().forEach((name, t) -> all.put(DISCRIMINATOR + name, t));
        if (average != null) {
            average.generator().state().forEach((name, t) -> all.put(AVERAGE + name, t));
        }
        return all;
    }

    /** z, joined along the channels with the labels' one-hot planes when conditional. */
    private Var generatorInput(Tensor z, int[] labels) {
        if (!z.hasShape(z.dim(0), config.latentDim(), 1, 1)) {
            throw new IllegalArgumentException("z must be [N, " + config.latentDim() + ", 1, 1], got " + z.shapeString());
        }
        if (!config.conditional()) {
            return Var.constant(z);
        }
        return ShapeOps.concatChannels(Var.constant(z), labelPlanes(labels, z.dim(0), 1, 1));
    }

    /** The labels' one-hot planes [N, classes, h, w], from the active buffer pool during a training step. */
    private Var labelPlanes(int[] labels, int count, int h, int w) {
        int[] checked = config.requireLabels(labels, count);
        return Var.pooledConstant(planes -> OneHot.planesInto(checked, planes),
                count, config.numClasses(), h, w);
    }
}
