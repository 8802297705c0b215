package dev.jgan.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.jgan.nn.Layer;
import dev.jgan.nn.autograd.Var;
import dev.jgan.nn.testing.GradCheck;
import dev.jgan.nn.testing.Ref;
import dev.jgan.nn.testing.RefNorm;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NormLayersTest {
    @Test
    void batchNormTrainsOnBatchStatisticsAndEvaluatesOnRunningOnes() {
        BatchNorm2d bn = new BatchNorm2d(3);
        assertEquals(List.of("weight", "bias", "running_mean", "running_var"), List.copyOf(bn.state().keySet()));
        initAffine(bn);
        Var x = Var.param(Tensor.normal(1, 1f, 3f, 4, 3, 5, 3));
        new GradCheck().input("x", x).inputs(bn.parameters()).check("BatchNorm2d train",
                () -> bn.forward(x), in -> RefNorm.batchNormTrain(in.get("x"), in.get("weight"), in.get("bias"), 4, 3, 15, 1e-5));
        assertNotEquals(0f, bn.state().get("running_mean").data()[0]);

        bn.eval();
        double[] mean = Ref.toDouble(bn.state().get("running_mean"));
        double[] var = Ref.toDouble(bn.state().get("running_var"));
        new GradCheck().input("x", x).inputs(bn.parameters()).check("BatchNorm2d eval", () -> bn.forward(x), in -> {
            double[] scale = new double[3];
            double[] shift = new double[3];
            for (int c = 0; c < 3; c++) {
                scale[c] = in.get("weight")[c] / Math.sqrt(var[c] + 1e-5);
                shift[c] = in.get("bias")[c] - mean[c] * scale[c];
            }
            return RefNorm.affine(in.get("x"), scale, shift, 4, 3, 15, false);
        });
        assertArrayEquals(mean, Ref.toDouble(bn.state().get("running_mean")), "eval leaves running statistics alone");
    }

    @Test
    void sequentialFusesBatchNormWithTheNextRectifierBitForBit() {
        for (Layer rectifier : new Layer[] {new ReLU(), new LeakyReLU(0.2f)}) {
            BatchNorm2d fusedNorm = new BatchNorm2d(3);
            BatchNorm2d plainNorm = new BatchNorm2d(3);
            initAffine(fusedNorm);
            initAffine(plainNorm);
            Sequential fused = new Sequential(fusedNorm, rectifier);
            Tensor input = Tensor.normal(21, 0.5f, 2f, 4, 3, 5, 3);
            Tensor upstream = Tensor.normal(22, 0f, 1f, 4, 3, 5, 3);
            Var xFused = Var.param(input.copy());
            Var xPlain = Var.param(input.copy());
            Var yFused = fused.forward(xFused);
            Var yPlain = rectifier.forward(plainNorm.forward(xPlain));
            assertArrayEquals(yPlain.value().data(), yFused.value().data(), "y");
            yFused.backward(upstream);
            yPlain.backward(upstream);
            assertArrayEquals(xPlain.grad().data(), xFused.grad().data(), "dx");
            for (String name : List.of("weight", "bias")) {
                assertArrayEquals(plainNorm.parameters().get(name).grad().data(),
                        fusedNorm.parameters().get(name).grad().data(), name + " gradient");
            }
            for (String name : List.of("running_mean", "running_var")) {
                assertArrayEquals(plainNorm.state().get(name).data(), fusedNorm.state().get(name).data(), name);
            }
            fused.eval();
            plainNorm.eval();
            assertArrayEquals(rectifier.forward(plainNorm.forward(xPlain)).value().data(),
                    fused.forward(xFused).value().data(), "y in evaluation");
        }
    }

    private static void initAffine(BatchNorm2d bn) {
        bn.state().get("weight").copyFrom(Tensor.normal(2, 1f, 0.5f, 3));
        bn.state().get("bias").copyFrom(Tensor.normal(3, 0f, 0.5f, 3));
    }

    @Test
    void conditionalBatchNormScalesAndShiftsPerSample() {
        ConditionalBatchNorm2d cbn = new ConditionalBatchNorm2d(4, 6, 0.1f, 1e-5f, false, new Rng(4));
        assertEquals(List.of("running_mean", "running_var", "gain.weight", "bias.weight"), List.copyOf(cbn.state().keySet()));
        Var x = Var.param(Tensor.normal(5, 0f, 2f, 3, 4, 3, 3));
        Var c = Var.param(Tensor.normal(6, 0f, 1f, 3, 6));
        new GradCheck().input("x", x).input("c", c).inputs(cbn.parameters()).check("ConditionalBatchNorm2d",
                () -> cbn.forward(x, c), in -> {
                    double[] normalised = RefNorm.batchNormTrain(in.get("x"), null, null, 3, 4, 9, 1e-5);
                    double[] gain = Ref.map(Ref.linear(in.get("c"), in.get("gain.weight"), null, 3, 6, 4), g -> 1 + g);
                    double[] bias = Ref.linear(in.get("c"), in.get("bias.weight"), null, 3, 6, 4);
                    return RefNorm.affine(normalised, gain, bias, 3, 4, 9, true);
                });
    }

    @Test
    void embeddingLooksUpRowsAndSendsGradientsToThem() {
        Embedding table = new Embedding(5, 3, new Rng(7));
        int[] labels = {4, 0, 4};
        Var rows = table.forward(labels);
        float[] w = table.weight().value().data();
        for (int i = 0; i < labels.length; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(w[labels[i] * 3 + j], rows.value().data()[i * 3 + j]);
            }
        }
        rows.backward(Tensor.of(new float[] {1, 2, 3, 10, 20, 30, 100, 200, 300}, 3, 3));
        float[] g = table.weight().grad().data();
        assertArrayEquals(new float[] {10, 20, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 101, 202, 303}, g);
    }

    @Test
    void spectralNormGradientFlowsThroughSigma() {
        Linear linear = SpectralNorm.apply(new Linear(7, 5, true, new Rng(8)), new Rng(9));
        assertEquals(List.of("bias", "weight_orig", "weight_u", "weight_v"), List.copyOf(linear.state().keySet()));
        Var x = Var.param(Tensor.normal(10, 0f, 1f, 3, 7));
        Map<String, Tensor> state = linear.state();
        new GradCheck().input("x", x).inputs(linear.parameters()).check("spectral-norm Linear, training",
                () -> linear.forward(x), in -> {
                    double[] u = Ref.toDouble(state.get("weight_u"));
                    double[] v = Ref.toDouble(state.get("weight_v"));
                    double[] w = in.get("weight_orig");
                    double sigma = Ref.dot(u, Ref.matmul(w, false, v, false, 5, 7, 1));
                    return Ref.linear(in.get("x"), Ref.map(w, e -> e / sigma), in.get("bias"), 3, 7, 5);
                });
    }

    @Test
    void spectralNormPowerIterationFindsTheLargestSingularValue() {
        Linear linear = SpectralNorm.apply(new Linear(2, 3, false, new Rng(11)), new Rng(12));
        linear.state().get("weight_orig").copyFrom(Tensor.of(new float[] {2, 0, 0, 1, 0, 0}, 3, 2));
        for (int i = 0; i < 30; i++) {
            linear.forward(Var.constant(Tensor.zeros(1, 2)));
        }
        Var w = linear.weight();
        assertArrayEquals(new float[] {1, 0, 0, 0.5f, 0, 0}, w.value().data(), 1e-5f);
    }

    @Test
    void spectralNormInEvalModeUsesTheStoredVectorsUnchanged() {
        Conv2d conv = SpectralNorm.apply(new Conv2d(3, 4, 3, 1, 1, false, new Rng(13)), new Rng(14));
        conv.eval();
        Tensor u = conv.state().get("weight_u").copy();
        Tensor v = conv.state().get("weight_v").copy();
        Var w = conv.weight();
        assertArrayEquals(u.data(), conv.state().get("weight_u").data());
        assertArrayEquals(v.data(), conv.state().get("weight_v").data());
        double[] wd = Ref.toDouble(conv.state().get("weight_orig"));
        double sigma = Ref.dot(Ref.toDouble(u), Ref.matmul(wd, false, Ref.toDouble(v), false, 4, 27, 1));
        assertEquals(0, Ref.relativeL2(Ref.map(wd, e -> e / sigma), Ref.toDouble(w.value())), 1e-6);
    }
}
