package dev.jgan.gan.dcgan.backend;

import static dev.jgan.gan.dcgan.backend.BackendLayer.releaseIfHeld;
import static dev.jgan.gan.dcgan.backend.BackendLayer.sized;

import dev.jgan.gan.dcgan.Dcgan;
import dev.jgan.gan.dcgan.DcganConfig;
import dev.jgan.gan.dcgan.GanLoss;
import dev.jgan.gan.dcgan.TrainingStep;
import dev.jgan.nn.backend.Backend;
import dev.jgan.nn.optim.Adam;
import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * The DCGAN update of {@link TrainingStep}, written out as forward and backward calls on a
 * {@link Backend}: D on real images and on the detached fakes (its gradients added over both
 * passes), a D step; then G through the updated D on the same fakes, a G step. Every pass through D
 * is in training mode and moves its running statistics, as in the autograd step. The step keeps its
 * own copies of G's and D's parameters, gradients, running statistics and Adam moments on the
 * backend; {@link #downloadToHost} and {@link #uploadFromHost} copy them to and from the host
 * model and optimizers (for checkpoints, samples and resuming). On a GPU a step makes no copy
 * back to the host; {@link #result} reads the losses afterwards.
 *
 * <p>It covers every configuration: both presets, unconditional or class-conditional, the BCE loss (label
 * smoothing allowed) or the hinge loss, with or without a moving average of G (kept on the backend too), with
 * or without spectral norm on D (each pass through D runs its power iterations, as the autograd step's do).
 */
public final class BackendTrainingStep<T> implements AutoCloseable {
    private final Backend<T> backend;
    private final Dcgan model;
    private final Adam generatorOptimizer;
    private final Adam discriminatorOptimizer;
    private final BackendNetwork<T> generator;
    private final BackendNetwork<T> discriminator;
    /** The moving average of G on the backend; null when the model has none. */
    private final BackendWeightAverage<T> average;
    /** The label inputs of a class-conditional model; null for an unconditional one. */
    private final BackendLabels<T> labels;
    private final T one;
    private final T lossD;
    private final T lossFake;
    private final T lossG;
    /** D's loss, G's loss, D's logits on the real and on the fake images, one after another, for {@link #result}. */
    private T results;
    private Tensor hostResults;
    private T real;
    private T z;
    private T fakeImageGrad;
    private T logitsGrad;
    private T realLogits;
    private T fakeLogits;
    private int generatorSteps;
    private int discriminatorSteps;

    /**
     * A step on {@code backend} starting from the host model and optimizers (of a {@link TrainingStep}
     * on the same model), which {@link #downloadToHost} later updates.
     */
    public BackendTrainingStep(Backend<T> backend, Dcgan model, Adam generatorOptimizer, Adam discriminatorOptimizer) {
        this.backend = backend;
        this.model = model;
        this.generatorOptimizer = generatorOptimizer;
        this.discriminatorOptimizer = discriminatorOptimizer;
        this.labels = model.config().conditional() ? new BackendLabels<>(backend, model.config()) : null;
        this.generator = new BackendNetwork<>(backend, model.generator(), "G");
        this.discriminator = new BackendNetwork<>(backend, model.discriminator(), "D");
        this.average = model.average() != null ? new BackendWeightAverage<>(backend, model.average(), generator) : null;
        this.one = backend.allocate(1);
        backend.fill(one, 1f);
        this.lossD = backend.allocate(1);
        this.lossFake = backend.allocate(1);
        this.lossG = backend.allocate(1);
        uploadFromHost();
    }

    /**
     * Queues one update of D, then G, on real images [N, C, H, W] with their class labels (null for an
     * unconditional model) and latent vectors z [N, nz, 1, 1].
     */
    public void run(Tensor realImages, int[] classes, Tensor latents) {
        DcganConfig config = model.config();
        int n = realImages.dim(0);
        Shapes.requireShape("real images", realImages, n, config.channels(), config.imageSize(), config.imageSize());
        Shapes.requireShape("z", latents, n, config.latentDim(), 1, 1);
        config.requireLabels(classes, n);
        real = sized(backend, real, realImages.shape());
        z = sized(backend, z, latents.shape());
        backend.upload(realImages, real);
        backend.upload(latents, z);
        if (labels != null) {
            labels.set(classes);
        }
        T fake = generator.forward(labels == null ? z : labels.generatorInput(z));
        T dReal = labels == null ? real : labels.discriminatorInput(real, true);
        T dFake = labels == null ? fake : labels.discriminatorInput(fake, false);

        // D's loss L_D = L_real + L_fake, one term and its gradient at a time: real images first
        T logits = discriminator.forward(dReal);
        keepLogits(logits, true);
        discriminatorTerm(logits, true, lossD);
        discriminator.backward(logitsGrad, BackendParameter.Gradient.WRITE, false);

        // D on the fakes, detached from G: their gradients are added to the real images'
        logits = discriminator.forward(dFake);
        keepLogits(logits, false);
        discriminatorTerm(logits, false, lossFake);
        backend.axpy(1f, lossFake, lossD); // L_D = L_real + L_fake
        discriminator.backward(logitsGrad, BackendParameter.Gradient.ADD, false);
        discriminator.adamStep(discriminatorOptimizer.settings(), ++discriminatorSteps);

        // G through the updated D on the same fakes, back to G's weights through D's input
        logits = discriminator.forward(dFake);
        if (config.loss() == GanLoss.HINGE) {
            // L_G = -mean(D(G(z)))  =>  dl = -dL / n, dL = 1
            backend.negativeMean(logits, lossG);
            backend.negativeMeanBackward(one, logitsGrad);
        } else {
            // L_G = BCE(D(G(z)), 1)  =>  dl = dL (sigmoid(l) - 1) / n, dL = 1
            backend.bceWithLogits(logits, 1f, lossG);
            backend.bceWithLogitsBackward(logits, 1f, one, logitsGrad);
        }
        T inputGrad = discriminator.backward(logitsGrad, BackendParameter.Gradient.DISCARD, true);
        // D's input is [G(z), label planes] when conditional  =>  dG(z) = its first C channels
        T fakeGrad = inputGrad;
        if (labels != null) {
            fakeImageGrad = sized(backend, fakeImageGrad, backend.shape(fake));
            labels.imageGradient(inputGrad, fakeImageGrad);
            fakeGrad = fakeImageGrad;
        }
        generator.backward(fakeGrad, BackendParameter.Gradient.WRITE, false);
        generator.adamStep(generatorOptimizer.settings(), ++generatorSteps);
        if (average != null) {
            average.update(generatorSteps);
        }
    }

    /** What the last step measured, copied from the backend in one download (on a GPU this waits for the step). */
    public TrainingStep.Result result() {
        int n = Shapes.size(backend.shape(realLogits));
        results = sized(backend, results, 2 + 2 * n);
        backend.concatenate(List.of(lossD, lossG, realLogits, fakeLogits), results);
        if (hostResults == null || hostResults.size() != 2 + 2 * n) {
            hostResults = Tensor.zeros(2 + 2 * n);
        }
        backend.download(results, hostResults);
        float[] values = hostResults.data();
        return new TrainingStep.Result(values[0], values[1], TrainingStep.Result.meanSigmoid(values, 2, 2 + n),
                TrainingStep.Result.meanSigmoid(values, 2 + n, 2 + 2 * n));
    }

    /** Overwrites the host model's weights and running statistics and both optimizers' state with this step's. */
    public void downloadToHost() {
        generator.download(model.generator(), generatorOptimizer);
        discriminator.download(model.discriminator(), discriminatorOptimizer);
        if (average != null) {
            average.download();
        }
        generatorOptimizer.state().get("step").fill(generatorSteps);
        discriminatorOptimizer.state().get("step").fill(discriminatorSteps);
    }

    /** Overwrites this step's copies with the host model's and optimizers' (after a resume, for one). */
    public void uploadFromHost() {
        generator.upload(model.generator(), generatorOptimizer);
        discriminator.upload(model.discriminator(), discriminatorOptimizer);
        if (average != null) {
            average.upload();
        }
        generatorSteps = generatorOptimizer.steps();
        discriminatorSteps = discriminatorOptimizer.steps();
    }

    @Override
    public void close() {
        generator.release();
        discriminator.release();
        if (average != null) {
            average.release();
        }
        for (T t : List.of(one, lossD, lossFake, lossG)) {
            backend.release(t);
        }
        for (T t : Arrays.asList(real, z, fakeImageGrad, logitsGrad, realLogits, fakeLogits, results)) {
            releaseIfHeld(backend, t);
        }
        if (labels != null) {
            labels.release();
        }
    }

    /**
     * One term of D's loss into {@code loss} and its gradient into logitsGrad: BCE against the real target
     * (realTarget below 1 with label smoothing) or 0, or the hinge term mean(relu(1 - l)) or mean(relu(1 + l)).
     */
    private void discriminatorTerm(T logits, boolean ofReal, T loss) {
        DcganConfig config = model.config();
        if (config.loss() == GanLoss.HINGE) {
            float sign = ofReal ? -1f : 1f;
            backend.hinge(logits, sign, loss);
            // L = mean(relu(1 + s l))  =>  dl = s dL [1 + s l > 0] / n, dL = 1
            backend.hingeBackward(logits, sign, one, logitsGrad);
        } else {
            float target = ofReal ? config.realTarget() : 0f;
            backend.bceWithLogits(logits, target, loss);
            // L = mean(softplus(l) - l t)  =>  dl = dL (sigmoid(l) - t) / n, dL = 1
            backend.bceWithLogitsBackward(logits, target, one, logitsGrad);
        }
    }

    /** Keeps a copy of D's logits on the real or fake images for {@link #result}, and sizes the logits' gradient. */
    private void keepLogits(T logits, boolean ofReal) {
        int[] shape = backend.shape(logits);
        logitsGrad = sized(backend, logitsGrad, shape);
        if (ofReal) {
            realLogits = sized(backend, realLogits, shape);
            backend.copy(logits, realLogits);
        } else {
            fakeLogits = sized(backend, fakeLogits, shape);
            backend.copy(logits, fakeLogits);
        }
    }
}
