package dev.jgan.nn.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.nn.testing.GradCheck;
import dev.jgan.nn.testing.Ref;
import dev.jgan.nn.testing.RefNorm;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Rectifier;
import org.junit.jupiter.api.Test;

/** Normalisation, reduction and loss ops against float64 references. */
class NormLossGradientTest {
    private static Var param(long seed, int... shape) {
        return Var.param(Tensor.normal(seed, 0f, 1f, shape));
    }

    @Test
    void batchNormInTrainingMode() {
        Var x = Var.param(Tensor.normal(1, 0.5f, 2f, 3, 5, 3, 7));
        Var gamma = param(2, 5);
        Var beta = param(3, 5);
        new GradCheck().input("x", x).input("gamma", gamma).input("beta", beta).check("batchNormTrain",
                () -> Normalization.batchNormTrain(x, gamma, beta, Tensor.zeros(5), Tensor.ones(5), 0.1f, 1e-5f),
                in -> RefNorm.batchNormTrain(in.get("x"), in.get("gamma"), in.get("beta"), 3, 5, 21, 1e-5));
        new GradCheck().input("x", x).check("batchNormTrain without affine (dense input)",
                () -> Normalization.batchNormTrain(x, null, null, null, null, 0.1f, 1e-5f),
                in -> RefNorm.batchNormTrain(in.get("x"), null, null, 3, 5, 21, 1e-5));
        Var dense = param(4, 6, 3);
        new GradCheck().input("x", dense).check("batchNormTrain on [N, C]",
                () -> Normalization.batchNormTrain(dense, null, null, null, null, 0.1f, 1e-5f),
                in -> RefNorm.batchNormTrain(in.get("x"), null, null, 6, 3, 1, 1e-5));
    }

    @Test
    void batchNormFusedWithRectifier() {
        Var x = Var.param(Tensor.normal(11, 0.5f, 2f, 3, 5, 3, 7));
        Var gamma = param(12, 5);
        Var beta = param(13, 5);
        for (float slope : new float[] {0f, 0.2f}) {
            Rectifier act = slope == 0f ? Rectifier.relu() : Rectifier.leaky(slope);
            new GradCheck().input("x", x).input("gamma", gamma).input("beta", beta).check("batchNormTrain + " + act,
                    () -> Normalization.batchNormTrainActivated(x, gamma, beta, null, null, 0.1f, 1e-5f, act),
                    in -> Ref.map(RefNorm.batchNormTrain(in.get("x"), in.get("gamma"), in.get("beta"), 3, 5, 21, 1e-5),
                            v -> v > 0 ? v : slope * v));
        }
    }

    @Test
    void batchNormInEvalModeUsesRunningStatistics() {
        Var x = param(5, 2, 3, 4, 5);
        Var gamma = param(6, 3);
        Var beta = param(7, 3);
        Tensor mean = Tensor.normal(8, 0f, 1f, 3);
        Tensor var = Tensor.uniform(9, 0.5f, 2f, 3);
        double[] m = Ref.toDouble(mean);
        double[] v = Ref.toDouble(var);
        new GradCheck().input("x", x).input("gamma", gamma).input("beta", beta).check("batchNormEval",
                () -> Normalization.batchNormEval(x, gamma, beta, mean, var, 1e-5f), in -> {
                    double[] scale = new double[3];
                    double[] shift = new double[3];
                    for (int c = 0; c < 3; c++) {
                        scale[c] = in.get("gamma")[c] / Math.sqrt(v[c] + 1e-5);
                        shift[c] = in.get("beta")[c] - m[c] * scale[c];
                    }
                    return RefNorm.affine(in.get("x"), scale, shift, 2, 3, 20, false);
                });
    }

    @Test
    void runningStatisticsMoveWithMomentum() {
        Tensor x = Tensor.normal(10, 3f, 2f, 4, 2, 5, 5);
        Tensor runningMean = Tensor.zeros(2);
        Tensor runningVar = Tensor.ones(2);
        Normalization.batchNormTrain(Var.constant(x), null, null, runningMean, runningVar, 0.1f, 1e-5f);
        double[] xd = Ref.toDouble(x);
        for (int c = 0; c < 2; c++) {
            double sum = 0;
            double sumSq = 0;
            for (int n = 0; n < 4; n++) {
                for (int p = 0; p < 25; p++) {
                    double v = xd[(n * 2 + c) * 25 + p];
                    sum += v;
                    sumSq += v * v;
                }
            }
            double mean = sum / 100;
            double unbiased = (sumSq - 100 * mean * mean) / 99;
            assertEquals(0.1 * mean, runningMean.data()[c], 1e-5);
            assertEquals(0.9 + 0.1 * unbiased, runningVar.data()[c], 1e-4);
        }
    }

    @Test
    void affineMaps() {
        Var x = param(11, 3, 4, 2, 3);
        Var scale = param(12, 4);
        Var shift = param(13, 4);
        new GradCheck().input("x", x).input("s", scale).input("b", shift).check("channelAffine",
                () -> Normalization.channelAffine(x, scale, shift),
                in -> RefNorm.affine(in.get("x"), in.get("s"), in.get("b"), 3, 4, 6, false));
        Var sampleScale = param(14, 3, 4);
        Var sampleShift = param(15, 3, 4);
        new GradCheck().input("x", x).input("s", sampleScale).input("b", sampleShift).check("sampleChannelAffine",
                () -> Normalization.sampleChannelAffine(x, sampleScale, sampleShift),
                in -> RefNorm.affine(in.get("x"), in.get("s"), in.get("b"), 3, 4, 6, true));
    }

    @Test
    void spectralNormaliseDividesByUTransposeWV() {
        Var w = param(21, 4, 3, 2, 2);
        Tensor u = Tensor.normal(22, 0f, 1f, 4);
        Tensor v = Tensor.normal(23, 0f, 1f, 12);
        new GradCheck().input("w", w).check("spectralNormalise over axis 0",
                () -> Normalization.spectralNormalise(w, 0, u, v), in -> spectralReference(in.get("w"), 0, u, v, 4, 3, 4));
        Tensor u1 = Tensor.normal(24, 0f, 1f, 3);
        Tensor v1 = Tensor.normal(25, 0f, 1f, 16);
        new GradCheck().input("w", w).check("spectralNormalise over axis 1 (transposed conv)",
                () -> Normalization.spectralNormalise(w, 1, u1, v1), in -> spectralReference(in.get("w"), 1, u1, v1, 4, 3, 4));
    }

    /** w [a, b, rest] / sigma, sigma = u^T W v with W[i][j] the weight with axis dim first, row-major. */
    private static double[] spectralReference(double[] w, int dim, Tensor u, Tensor v, int a, int b, int rest) {
        double[] ud = Ref.toDouble(u);
        double[] vd = Ref.toDouble(v);
        double sigma = 0;
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                for (int r = 0; r < rest; r++) {
                    double e = w[(i * b + j) * rest + r];
                    sigma += dim == 0 ? ud[i] * e * vd[j * rest + r] : ud[j] * e * vd[i * rest + r];
                }
            }
        }
        double s = sigma;
        return Ref.map(w, e -> e / s);
    }

    @Test
    void reductions() {
        Var x = param(16, 5, 7, 3);
        new GradCheck().input("x", x).check("sum", () -> Reduction.sum(x), in -> new double[] {Ref.sum(in.get("x"))});
        new GradCheck().input("x", x).check("mean", () -> Reduction.mean(x), in -> new double[] {Ref.sum(in.get("x")) / 105});
    }

    @Test
    void losses() {
        Var logits = Var.param(Tensor.normal(17, 0f, 4f, 37, 1));
        Tensor targets = Tensor.uniform(18, 0f, 1f, 37, 1);
        double[] t = Ref.toDouble(targets);
        new GradCheck().input("x", logits).check("bceWithLogits", () -> Loss.bceWithLogits(logits, targets),
                in -> new double[] {RefNorm.bceWithLogits(in.get("x"), t)});
        Var x = param(19, 4, 9);
        Tensor target = Tensor.normal(20, 0f, 1f, 4, 9);
        double[] td = Ref.toDouble(target);
        new GradCheck().input("x", x).check("mse", () -> Loss.mse(x, target), in -> {
            double s = 0;
            for (int i = 0; i < td.length; i++) {
                s += (in.get("x")[i] - td[i]) * (in.get("x")[i] - td[i]);
            }
            return new double[] {s / td.length};
        });
    }

    @Test
    void bceWithLogitsIsStableForLargeLogits() {
        Var x = Var.param(Tensor.of(new float[] {-200f, 200f, 90f, -90f}, 4));
        Var loss = Loss.bceWithLogits(x, Tensor.of(new float[] {1f, 0f, 1f, 0f}, 4));
        assertEquals((200 + 200 + 0 + 0) / 4.0, loss.item(), 1e-4);
        loss.backward();
        assertEquals(-0.25f, x.grad().data()[0], 1e-7f);
        assertEquals(0.25f, x.grad().data()[1], 1e-7f);
        assertEquals(0f, x.grad().data()[2], 1e-7f);
    }
}
