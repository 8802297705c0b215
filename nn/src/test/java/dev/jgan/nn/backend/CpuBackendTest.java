package dev.jgan.nn.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.nn.autograd.Loss;
import dev.jgan.nn.autograd.Var;
import dev.jgan.nn.layers.Conv2d;
import dev.jgan.nn.layers.SpectralNorm;
import dev.jgan.nn.optim.Adam;
import dev.jgan.nn.testing.Ref;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.ConvSpec;
import dev.jgan.tensor.kernels.ConvTranspose2d;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CPU backend against the code paths the autograd training step takes (the same bits) and,
 * for the loss and axpy, float64 references, on odd shapes.
 */
class CpuBackendTest {
    private final CpuBackend cpu = new CpuBackend();

    @Test
    void transposedConvolutionIsTheConvolutionWithRolesSwapped() {
        ConvSpec spec = ConvSpec.of(4, 2, 1);
        Tensor x = Tensor.normal(1, 0f, 1f, 3, 5, 7, 3);
        Tensor w = Tensor.normal(2, 0f, 1f, 5, 3, 4, 4);
        Tensor y = cpu.allocate(3, 3, 14, 6);
        cpu.conv2dBackwardInput(x, w, spec, y);
        assertArrayEquals(ConvTranspose2d.forward(x, w, null, spec, 0, 0).data(), y.data(), "forward");

        Tensor dy = Tensor.normal(3, 0f, 1f, 3, 3, 14, 6);
        Tensor dx = cpu.allocate(3, 5, 7, 3);
        cpu.conv2d(dy, w, spec, dx);
        assertArrayEquals(ConvTranspose2d.backwardInput(dy, w, spec).data(), dx.data(), "input gradient");

        Tensor dw = cpu.allocate(5, 3, 4, 4);
        cpu.conv2dBackwardWeight(x, dy, spec, dw);
        assertArrayEquals(ConvTranspose2d.backwardWeight(dy, x, spec).data(), dw.data(), "weight gradient");
    }

    @Test
    void linearMatchesFloat64WithAndWithoutBias() {
        for (int[] s : new int[][] {{1, 1, 1}, {3, 17, 5}, {7, 13, 31}}) {
            int n = s[0], in = s[1], out = s[2];
            Tensor x = Tensor.normal(n + in, 0f, 1f, n, in);
            Tensor w = Tensor.normal(out, 0f, 1f, out, in);
            Tensor bias = Tensor.normal(in + out, 0f, 1f, out);
            for (Tensor b : new Tensor[] {null, bias}) {
                double[] expected = Ref.linear(Ref.toDouble(x), Ref.toDouble(w), b == null ? null : Ref.toDouble(b),
                        n, in, out);
                Tensor y = Tensor.full(Float.NaN, n, out);
                cpu.linear(x, w, b, y);
                assertTrue(Ref.relativeL2(expected, Ref.toDouble(y)) <= 1e-5, Arrays.toString(s) + " bias " + (b != null));
            }
        }
    }

    @Test
    void reshapeIsAViewOfTheSameValues() {
        Tensor t = Tensor.normal(9, 0f, 1f, 2, 12);
        Tensor view = cpu.reshape(t, 2, 3, 2, 2);
        assertArrayEquals(new int[] {2, 3, 2, 2}, cpu.shape(view));
        cpu.fill(view, 4f);
        assertArrayEquals(Tensor.full(4f, 2, 12).data(), t.data());
    }

    @Test
    void lossAndGradientMatchTheAutogradOpAndFloat64() {
        for (int[] shape : new int[][] {{1, 1, 1, 1}, {13, 1, 1, 1}, {3, 1, 5, 7}}) {
            Tensor logits = Tensor.normal(4, 0f, 3f, shape);
            float target = 0.9f;
            Tensor loss = cpu.allocate(1);
            cpu.bceWithLogits(logits, target, loss);
            Tensor dloss = Tensor.full(0.75f, 1);
            Tensor dx = cpu.allocate(shape);
            cpu.bceWithLogitsBackward(logits, target, dloss, dx);

            Var x = Var.param(logits.copy());
            Var l = Loss.bceWithLogits(x, target);
            l.backward(Tensor.full(0.75f, l.shape()));
            assertEquals(l.item(), loss.item(), "loss, shape " + shape.length);
            assertArrayEquals(x.grad().data(), dx.data(), "gradient");

            double[] v = Ref.toDouble(logits);
            double mean = 0;
            double[] grad = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                mean += (Math.max(v[i], 0) - v[i] * target + Math.log1p(Math.exp(-Math.abs(v[i])))) / v.length;
                grad[i] = 0.75 * (1 / (1 + Math.exp(-v[i])) - target) / v.length;
            }
            assertEquals(mean, loss.item(), 1e-5 * Math.abs(mean));
            assertTrue(Ref.relativeL2(grad, Ref.toDouble(dx)) <= 1e-5);
        }
    }

    /** A spectral-normalised layer's power iteration, sigma and gradient, on a conv weight [7, 5, 3, 3]. */
    @Test
    void spectralNormIsTheLayersPowerIterationAndTheAutogradOp() {
        Conv2d conv = SpectralNorm.apply(new Conv2d(5, 7, 3, 1, 1, false, new Rng(3)), new Rng(4));
        Map<String, Tensor> state = conv.state();
        Tensor w = state.get("weight_orig").copy();
        Tensor u = state.get("weight_u").copy();
        Tensor v = state.get("weight_v").copy();
        Tensor sigma = cpu.allocate(1);
        cpu.spectralPowerIteration(w, u, v, SpectralNorm.DEFAULT_EPS, sigma);
        Tensor y = cpu.allocate(w.shape());
        cpu.spectralNormalise(w, sigma, y);
        Tensor dy = Tensor.normal(8, 0f, 1f, w.shape());
        Tensor dw = cpu.allocate(w.shape());
        cpu.spectralNormaliseBackward(dy, w, u, v, sigma, dw);

        conv.train();
        Var normalised = conv.weight();  // one power iteration, then w / sigma
        normalised.backward(dy);
        assertArrayEquals(state.get("weight_u").data(), u.data(), "u");
        assertArrayEquals(state.get("weight_v").data(), v.data(), "v");
        assertArrayEquals(normalised.value().data(), y.data(), "w / sigma");
        assertArrayEquals(conv.parameters().get("weight_orig").grad().data(), dw.data(), "gradient");

        // sigma = u^T W v in float64
        double[] wd = Ref.toDouble(w);
        double expected = 0;
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 45; j++) {
                expected += u.data()[i] * wd[i * 45 + j] * v.data()[j];
            }
        }
        assertEquals(expected, sigma.item(), 1e-5 * Math.abs(expected));
    }

    @Test
    void concatenationLaysThePartsEndToEndAndChecksTheSize() {
        Tensor a = Tensor.wrap(new float[] {1, 2}, 2);
        Tensor b = Tensor.wrap(new float[] {3, 4, 5, 6}, 2, 2);
        Tensor out = cpu.allocate(6);
        cpu.concatenate(List.of(a, b), out);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, out.data());
        assertEquals("concatenate: the parts hold 6 values, the output 7", assertThrows(
                IllegalArgumentException.class, () -> cpu.concatenate(List.of(a, b), cpu.allocate(7))).getMessage());
    }

    @Test
    void adamStepIsTheOptimizersUpdate() {
        Var p = Var.param(Tensor.normal(5, 0f, 1f, 3, 7));
        Adam adam = new Adam(Map.of("p", p), 2e-4, 0.5, 0.999);
        Tensor param = p.value().copy();
        Tensor m = cpu.allocate(3, 7);
        Tensor v = cpu.allocate(3, 7);
        for (int t = 1; t <= 3; t++) {
            Tensor g = Tensor.normal(5 + t, 0f, 1f, 3, 7);
            p.setGrad(g);
            adam.step();
            cpu.adamStep(adam.settings(), t, param, g, m, v);
        }
        assertArrayEquals(p.value().data(), param.data());
        assertArrayEquals(adam.state().get("p.exp_avg").data(), m.data());
        assertArrayEquals(adam.state().get("p.exp_avg_sq").data(), v.data());
    }

    @Test
    void axpyAddsAScaledTensor() {
        Tensor x = Tensor.normal(9, 0f, 1f, 5, 3, 1, 13);
        Tensor y = Tensor.normal(10, 0f, 1f, 5, 3, 1, 13);
        double[] expected = Ref.add(Ref.toDouble(y), Ref.map(Ref.toDouble(x), a -> -0.5 * a));
        cpu.axpy(-0.5f, x, y);
        assertTrue(Ref.relativeL2(expected, Ref.toDouble(y)) <= 1e-6);
    }
}
