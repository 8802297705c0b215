package dev.jgan.cuda;

import static dev.jgan.cuda.Compare.FP32_TOLERANCE;
import static dev.jgan.cuda.Compare.assertClose;
import static dev.jgan.cuda.Compare.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jgan.nn.backend.CpuBackend;
import dev.jgan.nn.optim.AdamSettings;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.ConvSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every {@link CudaBackend} operation against {@link CpuBackend} on odd shapes: the same calls on
 * both, GPU outputs NaN-poisoned first, relative L2 error <= 1e-5 (FP32).
 */
class CudaBackendGpuTest extends GpuTest {
    /** One operand on both backends. */
    private record Both(Tensor cpu, DeviceTensor gpu) {}

    private final CpuBackend cpu = new CpuBackend();
    private final List<Both> held = new ArrayList<>();
    private CudaBackend gpu;
    private int seed = 500;

    /** Runs after {@link GpuTest}'s check, so the context is open. */
    @BeforeEach
    void openBackend() {
        gpu = new CudaBackend(context);
    }

    @AfterEach
    void release() {
        held.forEach(b -> b.gpu().close());
        held.clear();
    }

    @Test
    void copiesAreExact() {
        Tensor host = Tensor.normal(seed++, 0f, 1f, 3, 5, 1, 7);
        try (DeviceTensor a = gpu.upload(host); DeviceTensor b = poisoned(3, 5, 1, 7)) {
            gpu.copy(a, b);
            Tensor back = Tensor.zeros(3, 5, 1, 7);
            gpu.download(b, back);
            assertArrayEquals(host.data(), back.data(), "upload, copy, download");
            gpu.fill(b, -2.5f);
            gpu.upload(Tensor.full(-2.5f, 3, 5, 1, 7), a);
            assertArrayEquals(a.download().data(), b.download().data(), "fill and upload into");
        }
    }

    @Test
    void convolutionsMatchTheCpu() {
        // {N, Cin, H, W, Cout, kernel, stride, padding}: odd sizes, DCGAN's 4/2/1 and 7/1/0 layers
        int[][] cases = {{3, 5, 9, 7, 7, 3, 2, 1}, {1, 3, 7, 7, 4, 7, 1, 0}, {2, 6, 14, 14, 3, 4, 2, 1}, {5, 1, 28, 28, 9, 4, 2, 1}};
        for (int[] c : cases) {
            ConvSpec spec = ConvSpec.of(c[5], c[6], c[7]);
            int outH = spec.outH(c[2]), outW = spec.outW(c[3]);
            String what = Arrays.toString(c);
            Both x = input(c[0], c[1], c[2], c[3]);
            Both w = input(c[4], c[1], c[5], c[5]);
            Both dy = input(c[0], c[4], outH, outW);
            Both y = output(c[0], c[4], outH, outW);
            cpu.conv2d(x.cpu(), w.cpu(), spec, y.cpu());
            gpu.conv2d(x.gpu(), w.gpu(), spec, y.gpu());
            assertSame(what + " conv2d", y);
            Both dx = output(c[0], c[1], c[2], c[3]);
            cpu.conv2dBackwardInput(dy.cpu(), w.cpu(), spec, dx.cpu());
            gpu.conv2dBackwardInput(dy.gpu(), w.gpu(), spec, dx.gpu());
            assertSame(what + " input gradient (transposed forward)", dx);
            Both dw = output(c[4], c[1], c[5], c[5]);
            cpu.conv2dBackwardWeight(dy.cpu(), x.cpu(), spec, dw.cpu());
            gpu.conv2dBackwardWeight(dy.gpu(), x.gpu(), spec, dw.gpu());
            assertSame(what + " weight gradient", dw);
        }
    }

    @Test
    void batchNormMatchesTheCpu() {
        for (int[] shape : new int[][] {{5, 3, 7, 7}, {3, 7, 1, 1}, {2, 16, 13, 5}}) {
            int c = shape[1];
            String what = Arrays.toString(shape);
            Both x = input(shape);
            Both gamma = input(c);
            Both beta = input(c);
            Both runningMean = input(c);
            Both runningVar = both(Tensor.full(1.5f, c));
            Both y = output(shape);
            Both mean = output(c);
            Both invstd = output(c);
            cpu.batchNormTrain(x.cpu(), gamma.cpu(), beta.cpu(), runningMean.cpu(), runningVar.cpu(), 0.1f, 1e-5f,
                    y.cpu(), mean.cpu(), invstd.cpu());
            gpu.batchNormTrain(x.gpu(), gamma.gpu(), beta.gpu(), runningMean.gpu(), runningVar.gpu(), 0.1f, 1e-5f,
                    y.gpu(), mean.gpu(), invstd.gpu());
            for (Both b : List.of(y, mean, invstd, runningMean, runningVar)) {
                assertSame(what + " batch norm forward", b);
            }
            Both dy = input(shape);
            Both dx = output(shape);
            Both dgamma = output(c);
            Both dbeta = output(c);
            cpu.batchNormBackward(dy.cpu(), x.cpu(), gamma.cpu(), mean.cpu(), invstd.cpu(), dx.cpu(), dgamma.cpu(), dbeta.cpu());
            gpu.batchNormBackward(dy.gpu(), x.gpu(), gamma.gpu(), mean.gpu(), invstd.gpu(), dx.gpu(), dgamma.gpu(), dbeta.gpu());
            assertSame(what + " dx", dx);
            assertSame(what + " dgamma", dgamma);
            assertSame(what + " dbeta", dbeta);
        }
    }

    @Test
    void activationsMatchTheCpuInPlaceAndNot() {
        int[] shape = {3, 5, 7, 13};
        Both x = input(shape);
        Both dy = input(shape);
        Both y = output(shape);
        Both dx = output(shape);
        cpu.relu(x.cpu(), y.cpu());
        gpu.relu(x.gpu(), y.gpu());
        assertSame("relu", y);
        cpu.reluBackward(dy.cpu(), y.cpu(), dx.cpu());
        gpu.reluBackward(dy.gpu(), y.gpu(), dx.gpu());
        assertSame("relu backward", dx);
        cpu.leakyRelu(x.cpu(), 0.2f, y.cpu());
        gpu.leakyRelu(x.gpu(), 0.2f, y.gpu());
        assertSame("leaky relu", y);
        cpu.leakyReluBackward(dy.cpu(), y.cpu(), 0.2f, dx.cpu());
        gpu.leakyReluBackward(dy.gpu(), y.gpu(), 0.2f, dx.gpu());
        assertSame("leaky relu backward", dx);
        cpu.tanh(x.cpu(), x.cpu());
        gpu.tanh(x.gpu(), x.gpu());
        assertSame("tanh in place", x);
        cpu.tanhBackward(dy.cpu(), x.cpu(), dy.cpu());
        gpu.tanhBackward(dy.gpu(), x.gpu(), dy.gpu());
        assertSame("tanh backward in place", dy);
    }

    @Test
    void lossAndGradientMatchTheCpu() {
        Both dloss = both(Tensor.full(0.75f, 1));
        for (int[] shape : new int[][] {{13, 1, 1, 1}, {3, 1, 5, 7}, {1, 1, 1, 1}}) {
            for (float target : new float[] {0.9f, 0f, 1f}) {
                String what = Arrays.toString(shape) + " target " + target;
                Both logits = both(Tensor.normal(seed++, 0f, 3f, shape));
                Both loss = output(1);
                cpu.bceWithLogits(logits.cpu(), target, loss.cpu());
                gpu.bceWithLogits(logits.gpu(), target, loss.gpu());
                assertSame(what + " loss", loss);
                Both dx = output(shape);
                cpu.bceWithLogitsBackward(logits.cpu(), target, dloss.cpu(), dx.cpu());
                gpu.bceWithLogitsBackward(logits.gpu(), target, dloss.gpu(), dx.gpu());
                assertSame(what + " gradient", dx);
            }
        }
    }

    @Test
    void adamAndAxpyMatchTheCpu() {
        for (AdamSettings settings : List.of(new AdamSettings(2e-4, 0.5, 0.999, 1e-8, 0),
                new AdamSettings(1e-2, 0.9, 0.99, 1e-6, 0.01))) {
            int[] shape = {5, 3, 3, 7};
            Both param = input(shape);
            Both m = both(Tensor.zeros(shape));
            Both v = both(Tensor.zeros(shape));
            for (int t = 1; t <= 3; t++) {
                Both grad = input(shape);
                cpu.adamStep(settings, t, param.cpu(), grad.cpu(), m.cpu(), v.cpu());
                gpu.adamStep(settings, t, param.gpu(), grad.gpu(), m.gpu(), v.gpu());
            }
            assertSame(settings + " param", param);
            assertSame(settings + " exp_avg", m);
            assertSame(settings + " exp_avg_sq", v);
        }
        Both x = input(3, 5, 7, 1);
        Both y = input(3, 5, 7, 1);
        cpu.axpy(-0.5f, x.cpu(), y.cpu());
        gpu.axpy(-0.5f, x.gpu(), y.gpu());
        assertSame("axpy", y);
    }

    private Both input(int... shape) {
        return both(Tensor.normal(seed++, 0f, 1f, shape));
    }

    private Both both(Tensor host) {
        Both b = new Both(host.copy(), upload(host));
        held.add(b);
        return b;
    }

    /** A CPU output and a NaN-poisoned GPU output. */
    private Both output(int... shape) {
        Both b = new Both(Tensor.zeros(shape), poisoned(shape));
        held.add(b);
        return b;
    }

    private static void assertSame(String what, Both b) {
        assertClose(what, b.gpu().download().data(), toDouble(b.cpu().data()), FP32_TOLERANCE);
    }
}
