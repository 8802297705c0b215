package dev.jgan.nn.examples;

import dev.jgan.nn.GanLosses;
import dev.jgan.nn.Init;
import dev.jgan.nn.autograd.Profiler;
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
import dev.jgan.tensor.Vectors;
import java.util.Locale;

/**
 * Times full training steps of the DCGAN-MNIST generator and discriminator at batch 128
 * (D on real and detached fakes, then G with the non-saturating loss; Adam 2e-4, (0.5, 0.999)).
 * Arguments: [steps] [warm-up steps] [batch]. With -Djgan.profile=true it prints per-op totals
 * of the timed steps. After {@code mvn test-compile -pl nn -am}, from the repository root:
 * <pre>
 * bin/with-jdk25 java --add-modules jdk.incubator.vector -Djgan.profile=true \
 *     -cp nn/target/test-classes:nn/target/classes:tensor/target/classes dev.jgan.nn.examples.DcganStepTiming 3 2
 * </pre>
 */
public final class DcganStepTiming {
    private static long optimizerNanos;

    private DcganStepTiming() {}

    static Sequential generator(Rng rng) {
        return new Sequential(
                new ConvTranspose2d(100, 256, 7, 1, 0, 0, false, rng), new BatchNorm2d(256), new ReLU(),
                new ConvTranspose2d(256, 128, 4, 2, 1, 0, false, rng), new BatchNorm2d(128), new ReLU(),
                new ConvTranspose2d(128, 1, 4, 2, 1, 0, false, rng), new Tanh());
    }

    static Sequential discriminator(Rng rng) {
        return new Sequential(
                new Conv2d(1, 64, 4, 2, 1, false, rng), new LeakyReLU(0.2f),
                new Conv2d(64, 128, 4, 2, 1, false, rng), new BatchNorm2d(128), new LeakyReLU(0.2f),
                new Conv2d(128, 1, 7, 1, 0, false, rng));
    }

    /** DCGAN's initialisation: conv weights N(0, 0.02), batch-norm weights N(1, 0.02), biases 0. */
    static void initialise(Sequential net, Rng rng) {
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

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        Rng rng = new Rng(1);
        Sequential g = generator(rng);
        Sequential d = discriminator(rng);
        initialise(g, rng);
        initialise(d, rng);
        Adam gOpt = new Adam(g.parameters(), 2e-4, 0.5, 0.999);
        Adam dOpt = new Adam(d.parameters(), 2e-4, 0.5, 0.999);
        Tensor real = Tensor.uniform(rng, -1f, 1f, batch, 1, 28, 28);
        System.out.println(Vectors.describe() + ", batch " + batch);
        long total = 0;
        for (int step = 0; step < warmup + steps; step++) {
            if (step == warmup) {
                Profiler.reset();
                optimizerNanos = 0;
            }
            long start = System.nanoTime();
            float[] losses = step(g, d, gOpt, dOpt, real, Tensor.normal(rng, 0f, 1f, batch, 100, 1, 1));
            long elapsed = System.nanoTime() - start;
            if (step >= warmup) {
                total += elapsed;
            }
            System.out.printf(Locale.ROOT, "step %d: %.1f ms  (D loss %.4f, G loss %.4f)%n",
                    step, elapsed / 1e6, losses[0], losses[1]);
        }
        double perStep = total / 1e6 / steps;
        System.out.printf(Locale.ROOT, "mean of %d timed steps: %.1f ms per step (%.1f ms in the Adam updates), %.1f images/s%n",
                steps, perStep, optimizerNanos / 1e6 / steps, batch * 1000 / perStep);
        if (Profiler.enabled()) {
            System.out.print(Profiler.report());
            Profiler.reset();
        }
    }

    /** One DCGAN step; returns {D loss, G loss}. */
    static float[] step(Sequential g, Sequential d, Adam gOpt, Adam dOpt, Tensor real, Tensor z) {
        Var fake = g.forward(Var.constant(z));
        dOpt.zeroGrad();
        Var dLoss = GanLosses.nonSaturatingDiscriminator(d.forward(Var.constant(real)), d.forward(fake.detach()));
        dLoss.backward();
        long start = System.nanoTime();
        dOpt.step();
        optimizerNanos += System.nanoTime() - start;
        gOpt.zeroGrad();
        Var gLoss = GanLosses.nonSaturatingGenerator(d.forward(fake));
        gLoss.backward();
        start = System.nanoTime();
        gOpt.step();
        optimizerNanos += System.nanoTime() - start;
        return new float[] {dLoss.item(), gLoss.item()};
    }
}
