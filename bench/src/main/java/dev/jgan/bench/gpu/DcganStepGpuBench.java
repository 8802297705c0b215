package dev.jgan.bench.gpu;

import dev.jgan.cuda.CudaBackend;
import dev.jgan.cuda.CudaContext;
import dev.jgan.cuda.DeviceTensor;
import dev.jgan.cuda.Precision;
import dev.jgan.gan.dcgan.Dcgan;
import dev.jgan.gan.dcgan.DcganConfig;
import dev.jgan.gan.dcgan.Preset;
import dev.jgan.gan.dcgan.TrainingStep;
import dev.jgan.gan.dcgan.backend.BackendTrainingStep;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;

/**
 * One whole DCGAN-MNIST training step ({@code mnist28} preset as published: D on real images and
 * detached fakes, D's Adam step, G through D, G's Adam step) with {@link BackendTrainingStep} on
 * {@link CudaBackend}, on fixed real images (uniform in [-1, 1]) and latents. Each step uploads the
 * batch from the host, as training does; the losses stay on the GPU.
 */
final class DcganStepGpuBench {
    static final String NAME = "dcgan-mnist";
    static final String PASS = "train-step";

    private DcganStepGpuBench() {}

    static GpuBenchRow run(CudaContext context, int batch, Precision precision, Timing.Settings settings) {
        DcganConfig config = DcganConfig.of(Preset.MNIST28, 1);
        Dcgan model = Dcgan.create(config, 1);
        TrainingStep host = new TrainingStep(model);
        Rng rng = new Rng(2);
        Tensor real = Tensor.uniform(rng, -1f, 1f, batch, 1, config.imageSize(), config.imageSize());
        Tensor z = Tensor.normal(rng, 0f, 1f, batch, config.latentDim(), 1, 1);
        try (BackendTrainingStep<DeviceTensor> step = new BackendTrainingStep<>(new CudaBackend(context, precision),
                model, host.generatorOptimizer(), host.discriminatorOptimizer())) {
            Timing t = Timing.measure(() -> step.run(real, null, z), context::synchronize, settings);
            String note = step.result().finite() ? "" : "losses not finite after the timed steps";
            return new GpuBenchRow("jgan", NAME, batch, PASS, precision.name(), t.medianMs(), t.minMs(), Double.NaN,
                    note);
        } catch (RuntimeException e) {
            return GpuBenchRow.notRun("jgan", NAME, batch, PASS, precision.name(), "failed: " + e.getMessage());
        }
    }
}
