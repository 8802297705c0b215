package dev.jgan.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.nn.Layer;
import dev.jgan.nn.autograd.Pointwise;
import dev.jgan.nn.autograd.Var;
import dev.jgan.nn.testing.GradCheck;
import dev.jgan.nn.testing.Ref;
import dev.jgan.nn.testing.RefConv;
import dev.jgan.nn.testing.RefConv.Geometry;
import dev.jgan.nn.testing.RefNorm;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Layer objects (as opposed to the ops beneath them) against float64 references, forward
 * and gradient by finite differences: the activations, resampling and shape layers,
 * Sequential, Embedding, and the configurations of the conv and norm layers not covered
 * in their own test classes.
 */
class LayerGradientTest {
    private static Var param(long seed, int... shape) {
        return Var.param(Tensor.normal(seed, 0f, 1f, shape));
    }

    private static void checkPointwise(Layer layer, Var x, DoubleUnaryOperator f) {
        new GradCheck().input("x", x).check(layer.getClass().getSimpleName(), () -> layer.forward(x),
                in -> Ref.map(in.get("x"), f));
    }

    @Test
    void activationLayers() {
        Var x = param(1, 2, 3, 5, 7);
        checkPointwise(new ReLU(), x, v -> Math.max(v, 0));
        checkPointwise(new LeakyReLU(0.2f), x, v -> v > 0 ? v : 0.2 * v);
        checkPointwise(new Tanh(), x, Math::tanh);
        checkPointwise(new Sigmoid(), x, v -> 1 / (1 + Math.exp(-v)));
    }

    @Test
    void resamplingLayers() {
        Var x = param(2, 2, 3, 6, 10);
        new GradCheck().input("x", x).check("MaxPool2d", () -> new MaxPool2d().forward(x),
                in -> RefConv.maxPool(in.get("x"), 6, 6, 10, 2));
        Var odd = param(3, 1, 3, 5, 7);
        new GradCheck().input("x", odd).check("MaxPool2d with odd sizes", () -> new MaxPool2d().forward(odd),
                in -> RefConv.maxPool(in.get("x"), 3, 5, 7, 2));
        new GradCheck().input("x", odd).check("Upsample", () -> new Upsample().forward(odd),
                in -> RefConv.upsampleNearest(in.get("x"), 3, 5, 7, 2));
    }

    @Test
    void flattenAndReshapeKeepTheBatchAxisAndTheValues() {
        Var x = param(4, 2, 3, 4, 5);
        assertArrayEquals(new int[] {2, 60}, new Flatten().forward(x).shape());
        assertArrayEquals(new int[] {2, 5, 3, 4}, new Reshape(5, -1, 4).forward(x).shape());
        Var w = param(5, 2, 5, 3, 4);
        new GradCheck().input("x", x).input("w", w).check("Reshape then Flatten",
                () -> Pointwise.mul(new Flatten().forward(new Reshape(5, 3, 4).forward(x)),
                        new Flatten().forward(w)),
                in -> Ref.mul(in.get("x"), in.get("w")));
    }

    @Test
    void sequentialChainsItsLayersUnderIndexNames() {
        Rng rng = new Rng(6);
        Sequential net = new Sequential(new Linear(5, 7, true, rng), new LeakyReLU(0.1f), new Linear(7, 3, false, rng), new Tanh());
        assertEquals(List.of("0.weight", "0.bias", "2.weight"), List.copyOf(net.state().keySet()));
        Var x = param(7, 4, 5);
        new GradCheck().input("x", x).inputs(net.parameters()).check("Sequential", () -> net.forward(x), in -> {
            double[] h = Ref.map(Ref.linear(in.get("x"), in.get("0.weight"), in.get("0.bias"), 4, 5, 7), v -> v > 0 ? v : 0.1 * v);
            return Ref.map(Ref.linear(h, in.get("2.weight"), null, 4, 7, 3), Math::tanh);
        });
    }

    @Test
    void embeddingGradientReachesTheLookedUpRows() {
        Embedding table = new Embedding(6, 4, new Rng(8));
        int[] labels = {5, 0, 5, 2};
        new GradCheck().inputs(table.parameters()).check("Embedding", () -> table.forward(labels), in -> {
            double[] out = new double[labels.length * 4];
            for (int i = 0; i < labels.length; i++) {
                System.arraycopy(in.get("weight"), labels[i] * 4, out, i * 4, 4);
            }
            return out;
        });
    }

    @Test
    void batchNormWithoutAffineHasOnlyBuffers() {
        BatchNorm2d bn = new BatchNorm2d(3, 0.1f, 1e-5f, false);
        assertEquals(List.of("running_mean", "running_var"), List.copyOf(bn.state().keySet()));
        Var x = Var.param(Tensor.normal(9, -1f, 2f, 5, 3, 2, 3));
        new GradCheck().input("x", x).check("BatchNorm2d without affine, train", () -> bn.forward(x),
                in -> RefNorm.batchNormTrain(in.get("x"), null, null, 5, 3, 6, 1e-5));
    }

    @Test
    void conv2dWithoutBiasAndTheDcganUpsamplingTransposedConvWithBias() {
        Conv2d conv = new Conv2d(3, 4, 3, 1, 1, false, new Rng(10));
        assertEquals(List.of("weight"), List.copyOf(conv.state().keySet()));
        Var x = param(11, 2, 3, 5, 6);
        new GradCheck().input("x", x).inputs(conv.parameters()).check("Conv2d k3 s1 p1 without bias",
                () -> conv.forward(x), in -> RefConv.conv2d(in.get("x"), in.get("weight"), null, new Geometry(2, 3, 5, 6, 4, 3, 1, 1)));

        ConvTranspose2d up = new ConvTranspose2d(5, 3, 4, 2, 1, 0, true, new Rng(12));
        assertEquals(List.of("weight", "bias"), List.copyOf(up.state().keySet()));
        Var z = param(13, 2, 5, 3, 4);
        assertArrayEquals(new int[] {2, 3, 6, 8}, up.forward(z).shape());
        new GradCheck().input("x", z).inputs(up.parameters()).check("ConvTranspose2d k4 s2 p1 with bias",
                () -> up.forward(z), in -> RefConv.convTranspose2d(in.get("x"), in.get("weight"), in.get("bias"),
                        new Geometry(2, 5, 3, 4, 3, 4, 2, 1), 0));
    }

    @Test
    void conditionalBatchNormInEvalModeUsesRunningStatistics() {
        ConditionalBatchNorm2d cbn = new ConditionalBatchNorm2d(3, 4, 0.1f, 1e-5f, true, new Rng(14));
        cbn.state().get("running_mean").copyFrom(Tensor.normal(15, 0f, 1f, 3));
        cbn.state().get("running_var").copyFrom(Tensor.uniform(16, 0.5f, 2f, 3));
        cbn.eval();
        double[] mean = Ref.toDouble(cbn.state().get("running_mean"));
        double[] var = Ref.toDouble(cbn.state().get("running_var"));
        Var x = param(17, 2, 3, 2, 5);
        Var c = param(18, 2, 4);
        new GradCheck().input("x", x).input("c", c).inputs(cbn.parameters()).check("ConditionalBatchNorm2d eval",
                () -> cbn.forward(x, c), in -> {
                    double[] invstd = new double[3];
                    double[] shift = new double[3];
                    for (int ch = 0; ch < 3; ch++) {
                        invstd[ch] = 1 / Math.sqrt(var[ch] + 1e-5);
                        shift[ch] = -mean[ch] * invstd[ch];
                    }
                    double[] normalised = RefNorm.affine(in.get("x"), invstd, shift, 2, 3, 10, false);
                    double[] gain = Ref.map(Ref.linear(in.get("c"), in.get("gain.weight"), in.get("gain.bias"), 2, 4, 3),
                            g -> 1 + g);
                    double[] bias = Ref.linear(in.get("c"), in.get("bias.weight"), in.get("bias.bias"), 2, 4, 3);
                    return RefNorm.affine(normalised, gain, bias, 2, 3, 10, true);
                });
    }
}
