package dev.jgan.bench.gpu;

import dev.jgan.cuda.CudaBackend;
import dev.jgan.cuda.CudaContext;
import dev.jgan.cuda.DeviceTensor;
import dev.jgan.cuda.Precision;
import dev.jgan.gan.biggan.BackendBigGanModel;
import dev.jgan.gan.biggan.BigGanConfig;
import dev.jgan.gan.biggan.BigGanModel;
import dev.jgan.gan.biggan.RandomBigGan;
import dev.jgan.gan.biggan.TruncatedNoise;
import dev.jgan.tensor.Tensor;

/**
 * The BigGAN-deep-256 forward with {@link BackendBigGanModel} on {@link CudaBackend}: random weights of the
 * real architecture ({@link RandomBigGan}; the speed depends on the shapes, not the values), truncation
 * 0.4, one class per image. A call is {@code generate}: z and classes uploaded, the images downloaded.
 */
final class BigGanGpuBench {
    static final String NAME = "biggan-deep-256";
    static final String PASS = "forward";
    private static final double TRUNCATION = 0.4;

    private final CudaContext context;
    private BigGanModel model;

    BigGanGpuBench(CudaContext context) {
        this.context = context;
    }

    GpuBenchRow run(int batch, Precision precision, Timing.Settings settings) {
        try {
            if (model == null) {
                model = RandomBigGan.model(BigGanConfig.deep256(), 256);
            }
            BigGanConfig config = model.config();
            Tensor z = TruncatedNoise.sample(7, batch, config.zDim(), TRUNCATION);
            Tensor classes = Tensor.zeros(batch, config.numClasses());
            for (int i = 0; i < batch; i++) {
                classes.set(1f, i, (207 + 97 * i) % config.numClasses());
            }
            try (BackendBigGanModel<DeviceTensor> gpu = new BackendBigGanModel<>(new CudaBackend(context, precision),
                    model)) {
                Tensor[] images = new Tensor[1];
                Timing t = Timing.measure(() -> images[0] = gpu.generate(z, classes, TRUNCATION),
                        context::synchronize, settings);
                String note = "random weights" + (finite(images[0]) ? "" : "; output not finite");
                return new GpuBenchRow("jgan", NAME, batch, PASS, precision.name(), t.medianMs(), t.minMs(),
                        Double.NaN, note);
            }
        } catch (RuntimeException e) {
            return GpuBenchRow.notRun("jgan", NAME, batch, PASS, precision.name(), "failed: " + e.getMessage());
        }
    }

    private static boolean finite(Tensor t) {
        for (float v : t.data()) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
