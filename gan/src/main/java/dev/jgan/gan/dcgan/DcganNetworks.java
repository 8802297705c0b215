package dev.jgan.gan.dcgan;

import dev.jgan.nn.Init;
import dev.jgan.nn.Layer;
import dev.jgan.nn.Module;
import dev.jgan.nn.layers.BatchNorm2d;
import dev.jgan.nn.layers.Conv2d;
import dev.jgan.nn.layers.ConvTranspose2d;
import dev.jgan.nn.layers.LeakyReLU;
import dev.jgan.nn.layers.ReLU;
import dev.jgan.nn.layers.Sequential;
import dev.jgan.nn.layers.SpectralNorm;
import dev.jgan.nn.layers.Tanh;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The generator and discriminator of each {@link Preset}, layer for layer as Radford et al.
 * (2016) and PyTorch's DCGAN example build them (no biases; batch norm everywhere except G's
 * output and D's input; the discriminator ends in a logit, the sigmoid lives in the loss).
 * With {@code conditional}, the label's one-hot code is appended to z as extra channels and
 * to D's input as constant label planes (conditioning by concatenation, Mirza and Osindero 2014).
 */
public final class DcganNetworks {
    private DcganNetworks() {}

    /** Input channels of G: z plus the one-hot label when conditional. */
    public static int generatorInputs(DcganConfig c) {
        return c.latentDim() + (c.conditional() ? c.numClasses() : 0);
    }

    /** Input channels of D: the image plus the label planes when conditional. */
    public static int discriminatorInputs(DcganConfig c) {
        return c.channels() + (c.conditional() ? c.numClasses() : 0);
    }

    public static Sequential generator(DcganConfig c, Rng rng) {
        int w = c.width();
        int in = generatorInputs(c);
        List<Layer> layers = new ArrayList<>();
        if (c.preset() == Preset.MNIST28) {
            up(layers, in, 4 * w, 7, 1, 0, rng);
            up(layers, 4 * w, 2 * w, 4, 2, 1, rng);
            layers.add(new ConvTranspose2d(2 * w, c.channels(), 4, 2, 1, 0, false, rng));
        } else {
            up(layers, in, 8 * w, 4, 1, 0, rng);
            up(layers, 8 * w, 4 * w, 4, 2, 1, rng);
            up(layers, 4 * w, 2 * w, 4, 2, 1, rng);
            up(layers, 2 * w, w, 4, 2, 1, rng);
            layers.add(new ConvTranspose2d(w, c.channels(), 4, 2, 1, 0, false, rng));
        }
        layers.add(new Tanh());
        return new Sequential(layers.toArray(Layer[]::new));
    }

    public static Sequential discriminator(DcganConfig c, Rng rng) {
        int w = c.width();
        List<Layer> layers = new ArrayList<>();
        layers.add(conv(c, discriminatorInputs(c), w, 4, 2, 1, rng));
        layers.add(new LeakyReLU(0.2f));
        int channels = w;
        int downsamplings = c.preset() == Preset.MNIST28 ? 1 : 3;
        for (int i = 0; i < downsamplings; i++) {
            layers.add(conv(c, channels, 2 * channels, 4, 2, 1, rng));
            layers.add(new BatchNorm2d(2 * channels));
            layers.add(new LeakyReLU(0.2f));
            channels *= 2;
        }
        int lastKernel = c.preset() == Preset.MNIST28 ? 7 : 4;
        layers.add(conv(c, channels, 1, lastKernel, 1, 0, rng));
        return new Sequential(layers.toArray(Layer[]::new));
    }

    private static void up(List<Layer> layers, int in, int out, int kernel, int stride, int padding, Rng rng) {
        layers.add(new ConvTranspose2d(in, out, kernel, stride, padding, 0, false, rng));
        layers.add(new BatchNorm2d(out));
        layers.add(new ReLU());
    }

    private static Conv2d conv(DcganConfig c, int in, int out, int kernel, int stride, int padding, Rng rng) {
        Conv2d conv = new Conv2d(in, out, kernel, stride, padding, false, rng);
        return c.spectralNorm() ? SpectralNorm.apply(conv, rng) : conv;
    }

    /**
     * DCGAN's initialisation of every parameter: conv weights N(0, 0.02), batch-norm weights
     * N(1, 0.02), biases 0 (buffers are left as the layers made them).
     */
    public static void initialise(Module net, Rng rng) {
        net.parameters().forEach((name, p) -> {
            Tensor t = p.value();
            if (t.rank() == 4) {
                Init.normal(t, rng, 0f, 0.02f);
            } else if (name.endsWith("weight")) {
                Init.normal(t, rng, 1f, 0.02f);
            } else {
                t.fill(0f);
            }
        });
    }
}
