package dev.jgan.gan.dcgan;

import dev.jgan.nn.autograd.BufferPool;
import dev.jgan.nn.autograd.Grad;
import dev.jgan.nn.autograd.Var;
import dev.jgan.nn.optim.Adam;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Reductions;
import java.util.Map;

/**
 * One DCGAN update, as Radford et al. and PyTorch's example do it: D on real images and on
 * detached fakes, then G through D on the same fakes (the non-saturating or hinge loss,
 * back-propagated into G's parameters only), then the moving average of G, if any. Steps
 * take their tensors from a {@link BufferPool}, so once the shapes have been seen a step
 * allocates no new tensors.
 */
public final class TrainingStep {
    /** Adam's settings in the DCGAN paper (and both presets). */
    public static final double LEARNING_RATE = 2e-4;
    public static final double BETA1 = 0.5;
    public static final double BETA2 = 0.999;

    /** What one step measured; dReal and dFake are mean sigmoid(D) on the real and fake images of the D update. */
    public record Result(double lossD, double lossG, double dReal, double dFake) {
        public boolean finite() {
            return Double.isFinite(lossD) && Double.isFinite(lossG);
        }

        /** mean(sigmoid(logits)): D's mean belief that the images were real. */
        public static double meanSigmoid(Tensor logits) {
            return meanSigmoid(logits.data(), 0, logits.size());
        }

        /** mean(sigmoid(x)) over the logits {@code values[from, to)}, added in order. */
        public static double meanSigmoid(float[] values, int from, int to) {
            double sum = 0;
            for (int i = from; i < to; i++) {
                sum += 1 / (1 + Math.exp(-values[i]));
            }
            return sum / (to - from);
        }
    }

    private final Dcgan model;
    private final Adam generatorOptimizer;
    private final Adam discriminatorOptimizer;
    private final BufferPool buffers = new BufferPool();

    public TrainingStep(Dcgan model) {
        this.model = model;
        generatorOptimizer = new Adam(model.generator().parameters(), LEARNING_RATE, BETA1, BETA2);
        discriminatorOptimizer = new Adam(model.discriminator().parameters(), LEARNING_RATE, BETA1, BETA2);
    }

    public Adam generatorOptimizer() {
        return generatorOptimizer;
    }

    public Adam discriminatorOptimizer() {
        return discriminatorOptimizer;
    }

    /** Updates D, then G, on one batch of real images [N, C, H, W] and latent vectors z [N, nz, 1, 1]. */
    public Result run(Tensor real, int[] labels, Tensor z) {
        DcganConfig config = model.config();
        try (Grad.Scope pooled = buffers.use()) {
            Var fake = model.generate(z, labels);

            discriminatorOptimizer.zeroGrad();
            Var realLogits = model.discriminate(Var.constant(real), labels);
            Var fakeLogits = model.discriminate(fake.detach(), labels);
            Var lossD = config.loss().discriminator(realLogits, fakeLogits, config.realTarget());
            // read before backward(), which gives the graph's tensors back to the pool
            double lossDValue = lossD.item();
            double dReal = Result.meanSigmoid(realLogits.lentValue());
            double dFake = Result.meanSigmoid(fakeLogits.lentValue());
            lossD.backward();
            discriminatorOptimizer.step();

            generatorOptimizer.zeroGrad();
            Var lossG = config.loss().generator(model.discriminate(fake, labels));
            double lossGValue = lossG.item();
            // into G's parameters only: D's weight gradients would be computed for nothing
            lossG.backward(model.generator().parameters().values());
            generatorOptimizer.step();
            if (model.average() != null) {
                model.average().update(generatorOptimizer.steps());
            }
            return new Result(lossDValue, lossGValue, dReal, dFake);
        }
    }

    /** The name of the first parameter of G or D holding NaN or infinity, or null when all are finite. */
    public String firstNonFiniteWeight() {
        String g = firstNonFinite(model.generator().parameters(), "G");
        return g != null ? g : firstNonFinite(model.discriminator().parameters(), "D");
    }

    private static String firstNonFinite(Map<String, Var> params, String network) {
        for (var entry : params.entrySet()) {
            if (!Reductions.allFinite(entry.getValue().value())) {
                return network + " weight " + entry.getKey();
            }
        }
        return null;
    }
}
