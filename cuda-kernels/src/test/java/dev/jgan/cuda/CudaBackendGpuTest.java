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
 * both, GPU outputs NaN-poisoned first, relative L2 error <= 1e-5 (FP32). The inference operations
 * use BigGAN-deep's shapes in small: the attention's products at offsets, both shortcut adds,
 * per-channel and per-sample norm-ReLU.
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
    void concatenationLaysThePartsEndToEnd() {
        Tensor[] hosts = {Tensor.normal(seed++, 0f, 1f, 1), Tensor.normal(seed++, 0f, 1f, 5, 1, 1, 1),
                Tensor.normal(seed++, 0f, 1f, 3, 7)};
        try (DeviceTensor a = gpu.upload(hosts[0]); DeviceTensor b = gpu.upload(hosts[1]);
             DeviceTensor c = gpu.upload(hosts[2]); DeviceTensor out = poisoned(27)) {
            gpu.concatenate(List.of(a, b, c), out);
            Tensor expected = cpu.allocate(27);
            cpu.concatenate(List.of(hosts), expected);
            assertArrayEquals(expected.data(), out.download().data());
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

    @Test
    void inferenceOperationsMatchTheCpu() {
        Both x = input(3, 5, 7, 13);
        Both w = input(7, 5, 3, 3);
        Both bias = input(7);
        Both y = output(3, 7, 7, 13);
        ConvSpec same = ConvSpec.of(3, 1, 1);
        cpu.conv2d(x.cpu(), w.cpu(), bias.cpu(), same, y.cpu());
        gpu.conv2d(x.gpu(), w.gpu(), bias.gpu(), same, y.gpu());
        assertSame("conv2d with bias", y);

        Both rows = input(3, 17);
        Both weight = input(31, 17);
        Both rowBias = input(31);
        for (Both b : new Both[] {null, rowBias}) {
            Both out = output(3, 31);
            cpu.linear(rows.cpu(), weight.cpu(), b == null ? null : b.cpu(), out.cpu());
            gpu.linear(rows.gpu(), weight.gpu(), b == null ? null : b.gpu(), out.gpu());
            assertSame("linear, bias " + (b != null), out);
        }
        // the attention's two products: theta^T phi, then g attention^T, read at offsets inside one tensor
        int n = 3, keys = 2, values = 5, positions = 13, pooled = 7, stacked = keys + values;
        Both queries = input(n, keys, positions);
        Both kv = input(n, stacked, pooled);
        Both logits = output(n, positions, pooled);
        cpu.matmulBatched(true, false, positions, pooled, keys, 1f, queries.cpu(), 0, positions, keys * positions,
                kv.cpu(), 0, pooled, stacked * pooled, 0f, logits.cpu(), 0, pooled, positions * pooled, n);
        gpu.matmulBatched(true, false, positions, pooled, keys, 1f, queries.gpu(), 0, positions, keys * positions,
                kv.gpu(), 0, pooled, stacked * pooled, 0f, logits.gpu(), 0, pooled, positions * pooled, n);
        assertSame("batched theta^T phi", logits);
        cpu.softmaxLastAxis(logits.cpu(), logits.cpu());
        gpu.softmaxLastAxis(logits.gpu(), logits.gpu());
        assertSame("softmax in place", logits);
        Both o = output(n, values, positions);
        cpu.matmulBatched(false, true, values, positions, pooled, 1f, kv.cpu(), keys * pooled, pooled, stacked * pooled,
                logits.cpu(), 0, pooled, positions * pooled, 0f, o.cpu(), 0, positions, values * positions, n);
        gpu.matmulBatched(false, true, values, positions, pooled, 1f, kv.gpu(), keys * pooled, pooled, stacked * pooled,
                logits.gpu(), 0, pooled, positions * pooled, 0f, o.gpu(), 0, positions, values * positions, n);
        assertSame("batched g attention^T at an offset", o);

        Both up = output(3, 5, 14, 26);
        cpu.upsampleNearest2x(x.cpu(), up.cpu());
        gpu.upsampleNearest2x(x.gpu(), up.gpu());
        assertSame("upsample", up);
        Both sum = input(3, 3, 14, 26);
        cpu.addUpsampledFirstChannels(x.cpu(), sum.cpu());
        gpu.addUpsampledFirstChannels(x.gpu(), sum.gpu());
        assertSame("up-sampled shortcut of the first channels", sum);
        Both kept = input(3, 2, 7, 13);
        cpu.addFirstChannels(x.cpu(), kept.cpu());
        gpu.addFirstChannels(x.gpu(), kept.gpu());
        assertSame("shortcut of the first channels", kept);
        Both pooledMax = output(3, 5, 3, 6);
        cpu.maxPool2x2(x.cpu(), pooledMax.cpu());
        gpu.maxPool2x2(x.gpu(), pooledMax.gpu());
        assertSame("max pool", pooledMax);

        Both mean = input(5);
        Both var = both(Tensor.uniform(seed++, 0.5f, 2f, 5));
        for (int[] affine : new int[][] {{5}, {3, 5}}) {
            Both gain = input(affine);
            Both offset = input(affine);
            Both normed = output(3, 5, 7, 13);
            cpu.normRelu(x.cpu(), mean.cpu(), var.cpu(), 1e-4f, gain.cpu(), offset.cpu(), normed.cpu());
            gpu.normRelu(x.gpu(), mean.gpu(), var.gpu(), 1e-4f, gain.gpu(), offset.gpu(), normed.gpu());
            assertSame("norm-relu, gain " + Arrays.toString(affine), normed);
        }
        Both tail = input(3, 31);
        Both joined = output(3, 17 + 31);
        cpu.concatRows(rows.cpu(), tail.cpu(), joined.cpu());
        gpu.concatRows(rows.gpu(), tail.gpu(), joined.gpu());
        assertSame("concat rows", joined);
        DeviceTensor view = gpu.reshape(joined.gpu(), 3, 4, 12);
        view.close();
        assertArrayEquals(new int[] {3, 4, 12}, view.shape(), "reshaped view");
        assertSame("the viewed tensor after the view is closed", joined);
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
