package dev.jgan.nn.examples;

import dev.jgan.nn.GanLosses;
import dev.jgan.nn.Init;
import dev.jgan.nn.autograd.BufferPool;
import dev.jgan.nn.autograd.Grad;
import dev.jgan.nn.autograd.Var;
import dev.jgan.nn.layers.BatchNorm2d;
import dev.jgan.nn.layers.Conv2d;
import dev.jgan.nn.layers.ConvTranspose2d;
import dev.jgan.nn.layers.LeakyReLU;
import dev.jgan.nn.layers.ReLU;
import dev.jgan.nn.layers.Sequential;
import dev.jgan.nn.layers.Tanh;
import dev.jgan.nn.optim.Adam;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;

/**
 * The DCGAN-MNIST training step as a fixed workload for timing and benchmarks: generator
 * 100 -> 256x7x7 -> 128x14x14 -> 1x28x28, discriminator back down, DCGAN's initialisation,
 * Adam 2e-4, (0.5, 0.999); each step updates D on real and detached fakes, then G with the
 * non-saturating loss. With a {@link BufferPool} the step reuses its tensors from one step to
 * the next; without one every op allocates (the results are the same, bit for bit).
 */
public final class DcganMnist {
    /** Latent size. */
    public static final int LATENT = 100;

    private final Sequential generator;
    private final Sequential discriminator;
    private final Adam generatorOptimizer;
    private final Adam discriminatorOptimizer;
    private final BufferPool pool;
    private long optimizerNanos;

    /** Both networks initialised from {@code rng} (generator first); {@code reuseBuffers}: steps take tensors from a pool. */
    public DcganMnist(Rng rng, boolean reuseBuffers) {
        generator = generator(rng);
        discriminator = discriminator(rng);
        initialise(generator, rng);
        initialise(discriminator, rng);
        generatorOptimizer = new Adam(generator.parameters(), 2e-4, 0.5, 0.999);
        discriminatorOptimizer = new Adam(discriminator.parameters(), 2e-4, 0.5, 0.999);
        pool = reuseBuffers ? new BufferPool() : null;
    }

    /** The pool steps take their tensors from, or null. */
    public BufferPool pool() {
        return pool;
    }

    public Sequential generator() {
        return generator;
    }

    public Sequential discriminator() {
        return discriminator;
    }

    /** Time spent in the Adam updates since construction. */
    public long optimizerNanos() {
        return optimizerNanos;
    }

    /** One step on real images [N, 1, 28, 28] and latents z [N, 100, 1, 1]; returns {D loss, G loss}. */
    public float[] step(Tensor real, Tensor z) {
        try (Grad.Scope buffers = pool == null ? null : pool.use()) {
            Var fake = generator.forward(Var.constant(z));
            discriminatorOptimizer.zeroGrad();
            Var dLoss = GanLosses.nonSaturatingDiscriminator(discriminator.forward(Var.constant(real)),
                    discriminator.forward(fake.detach()));
            float dLossValue = dLoss.item();
            dLoss.backward();
            long start = System.nanoTime();
            discriminatorOptimizer.step();
            optimizerNanos += System.nanoTime() - start;
            generatorOptimizer.zeroGrad();
            Var gLoss = GanLosses.nonSaturatingGenerator(discriminator.forward(fake));
            float gLossValue = gLoss.item();
            // into G's parameters only: D's weight gradients would be computed for nothing
            gLoss.backward(generator.parameters().values());
            start = System.nanoTime();
            generatorOptimizer.step();
            optimizerNanos += System.nanoTime() - start;
            return new float[] {dLossValue, gLossValue};
        }
    }

    private static Sequential generator(Rng rng) {
        return new Sequential(
                new ConvTranspose2d(LATENT, 256, 7, 1, 0, 0, false, rng), new BatchNorm2d(256), new ReLU(),
                new ConvTranspose2d(256, 128, 4, 2, 1, 0, false, rng), new BatchNorm2d(128), new ReLU(),
                new ConvTranspose2d(128, 1, 4, 2, 1, 0, false, rng), new Tanh());
    }

    private static Sequential discriminator(Rng rng) {
        return new Sequential(
                new Conv2d(1, 64, 4, 2, 1, false, rng), new LeakyReLU(0.2f),
                new Conv2d(64, 128, 4, 2, 1, false, rng), new BatchNorm2d(128), new LeakyReLU(0.2f),
                new Conv2d(128, 1, 7, 1, 0, false, rng));
    }

    /** DCGAN's initialisation: conv weights N(0, 0.02), batch-norm weights N(1, 0.02), biases 0. */
    private static void initialise(Sequential net, Rng rng) {
        net.state().forEach((name, t) -> {
            if (name.endsWith("running_mean") || name.endsWith("running_var") || t.rank() == 0) {
                return;
            }
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
