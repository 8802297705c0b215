package dev.jgan.gan.dcgan.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.cuda.CudaBackend;
import dev.jgan.cuda.CudaContext;
import dev.jgan.cuda.CudaRuntime;
import dev.jgan.cuda.DeviceTensor;
import dev.jgan.cuda.Precision;
import dev.jgan.gan.dcgan.Dcgan;
import dev.jgan.gan.dcgan.DcganConfig;
import dev.jgan.gan.dcgan.GanLoss;
import dev.jgan.gan.dcgan.Preset;
import dev.jgan.gan.dcgan.TrainingStep;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * One whole DCGAN step on the GPU against the CPU's autograd step from the same model and batch.
 * In FP32, what depends only on the initial model (D's loss and outputs, D's gradients as Adam's first
 * moments, G's running statistics) must agree to relative L2 1e-5. What comes after an Adam update is
 * compared at 1e-3: Adam's first step moves every weight by about lr in the sign of its gradient, so a
 * gradient within rounding of zero may move its weight by 2 lr the other way on one device. In TF32
 * (every convolution pass and GEMM on the tensor cores) everything is compared at 1e-2.
 * Skips without a GPU (fails instead under -Djgan.cuda.require=true, as gpu-check runs it).
 */
class CudaTrainingStepGpuTest {
    /** Relative L2 bounds for what precedes and what follows the first Adam update. */
    private record Tolerance(Precision precision, double beforeUpdate, double afterUpdate) {}

    private static final List<Tolerance> TOLERANCES = List.of(
            new Tolerance(Precision.FP32, 1e-5, 1e-3), new Tolerance(Precision.TF32, 1e-2, 1e-2));

    @Test
    void oneStepOnTheGpuMatchesTheCpuStep() {
        if (Boolean.getBoolean("jgan.cuda.require")) {
            assertTrue(CudaRuntime.isAvailable(), CudaRuntime.unavailableReason());
        }
        Assumptions.assumeTrue(CudaRuntime.isAvailable(), CudaRuntime.unavailableReason());
        for (DcganConfig config : new DcganConfig[] {
                new DcganConfig(Preset.MNIST28, 1, 8, 16, false, 0, false, GanLoss.BCE, 0.1f, 0f),
                new DcganConfig(Preset.DCGAN64, 3, 4, 7, false, 0, false, GanLoss.BCE, 0f, 0f),
                new DcganConfig(Preset.MNIST28, 1, 8, 16, true, 10, false, GanLoss.BCE, 0f, 0f),
                new DcganConfig(Preset.DCGAN64, 3, 4, 7, true, 3, false, GanLoss.HINGE, 0f, 0.9f),
                new DcganConfig(Preset.MNIST28, 1, 8, 16, false, 0, true, GanLoss.BCE, 0f, 0f),
                new DcganConfig(Preset.DCGAN64, 3, 4, 7, true, 3, true, GanLoss.HINGE, 0f, 0f)}) {
            for (Tolerance tolerance : TOLERANCES) {
                assertOneStepMatches(config, 5, tolerance);
            }
        }
    }

    private static void assertOneStepMatches(DcganConfig config, int batch, Tolerance tolerance) {
        double beforeUpdate = tolerance.beforeUpdate();
        double afterUpdate = tolerance.afterUpdate();
        Rng rng = new Rng(21);
        Tensor real = Tensor.normal(rng, 0f, 0.5f, batch, config.channels(), config.imageSize(), config.imageSize());
        Tensor z = Tensor.normal(rng, 0f, 1f, batch, config.latentDim(), 1, 1);
        Dcgan cpuModel = Dcgan.create(config, 11);
        TrainingStep cpu = new TrainingStep(cpuModel);
        int[] labels = null;
        if (config.conditional()) {
            labels = new int[batch];
            for (int i = 0; i < batch; i++) {
                labels[i] = (3 * i + 1) % config.numClasses();
            }
        }
        TrainingStep.Result expected = cpu.run(real, labels, z);

        Dcgan gpuModel = Dcgan.create(config, 11);
        TrainingStep gpuHost = new TrainingStep(gpuModel);
        TrainingStep.Result actual;
        try (CudaContext context = CudaContext.open(0);
             BackendTrainingStep<DeviceTensor> gpu = new BackendTrainingStep<>(new CudaBackend(context, tolerance.precision()), gpuModel,
                     gpuHost.generatorOptimizer(), gpuHost.discriminatorOptimizer())) {
            gpu.run(real, labels, z);
            actual = gpu.result();
            gpu.downloadToHost();
        }
        String what = config.describe() + " " + tolerance.precision();
        assertNear(what + " loss D", expected.lossD(), actual.lossD(), beforeUpdate);
        assertNear(what + " D(x)", expected.dReal(), actual.dReal(), beforeUpdate);
        assertNear(what + " D(G(z))", expected.dFake(), actual.dFake(), beforeUpdate);
        assertNear(what + " loss G", expected.lossG(), actual.lossG(), afterUpdate);
        Map<String, Tensor> gState = gpuModel.generator().state();
        cpuModel.generator().state().forEach((name, t) -> assertClose(what + " G " + name, t, gState.get(name),
                name.contains("running") ? beforeUpdate : afterUpdate));
        if (config.hasEma()) {
            Map<String, Tensor> averaged = gpuModel.average().generator().state();
            cpuModel.average().generator().state().forEach((name, t) -> assertClose(what + " G's average " + name, t,
                    averaged.get(name), name.contains("running") ? beforeUpdate : afterUpdate));
        }
        Map<String, Tensor> dState = gpuModel.discriminator().state();
        cpuModel.discriminator().state().forEach((name, t) -> assertClose(what + " D " + name, t, dState.get(name),
                afterUpdate));
        Map<String, Tensor> dAdam = gpuHost.discriminatorOptimizer().state();
        cpu.discriminatorOptimizer().state().forEach((name, t) -> assertClose(what + " D's Adam " + name, t,
                dAdam.get(name), beforeUpdate));
        Map<String, Tensor> gAdam = gpuHost.generatorOptimizer().state();
        cpu.generatorOptimizer().state().forEach((name, t) -> assertClose(what + " G's Adam " + name, t,
                gAdam.get(name), afterUpdate));
    }

    private static void assertNear(String what, double expected, double actual, double tolerance) {
        assertTrue(Math.abs(actual - expected) <= tolerance * Math.abs(expected),
                what + ": " + actual + ", expected " + expected + " within " + tolerance + " relative");
    }

    private static void assertClose(String what, Tensor expected, Tensor actual, double tolerance) {
        assertEquals(expected.size(), actual.size(), what);
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(Float.isFinite(actual.data()[i]), what + ": element " + i + " is " + actual.data()[i]);
            double d = (double) actual.data()[i] - expected.data()[i];
            diff += d * d;
            norm += (double) expected.data()[i] * expected.data()[i];
        }
        double error = norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
        assertTrue(error <= tolerance, what + ": relative L2 error " + error + " > " + tolerance);
    }
}
