package dev.jgan.tensor.kernels;

import static dev.jgan.tensor.reference.Compare.assertClose;
import static dev.jgan.tensor.reference.Compare.doubles;
import static dev.jgan.tensor.reference.Compare.numericGradient;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.reference.ReferenceBatchNorm;
import dev.jgan.tensor.reference.ReferenceChannels;
import org.junit.jupiter.api.Test;

class BatchNormTest {
    private static final float EPS = 1e-5f;

    @Test
    void trainingForwardMatchesReferenceAndUpdatesRunningStatistics() {
        for (int[] shape : ChannelOpsTest.SHAPES) {
            int n = shape[0], c = shape[1], p = Shapes.size(shape, 2, shape.length);
            if (n * p < 2) {
                continue;
            }
            Tensor x = Tensor.normal(p, 1.5f, 2f, shape);
            Tensor gamma = Tensor.normal(c, 1f, 0.3f, c), beta = Tensor.normal(c + 1, 0f, 1f, c);
            Tensor runningMean = Tensor.normal(2, 0f, 1f, c), runningVar = Tensor.uniform(3, 0.5f, 2f, c);
            double[] rm0 = doubles(runningMean), rv0 = doubles(runningVar);
            double[] xd = doubles(x);
            String name = Shapes.toString(shape);
            BatchNorm.Forward f = BatchNorm.trainForward(x, gamma, beta, runningMean, runningVar, 0.1f, EPS);
            assertClose(ReferenceBatchNorm.trainForward(xd, n, c, p, doubles(gamma), doubles(beta), EPS), f.y(),
                    "y " + name);
            double[] mean = ReferenceChannels.channelMeans(xd, n, c, p);
            double[] var = ReferenceChannels.channelVariances(xd, n, c, p);
            double[] invstd = new double[c], rm = new double[c], rv = new double[c];
            for (int j = 0; j < c; j++) {
                invstd[j] = 1 / Math.sqrt(var[j] + EPS);
                rm[j] = 0.9 * rm0[j] + 0.1 * mean[j];
                rv[j] = 0.9 * rv0[j] + 0.1 * var[j] * n * p / (n * p - 1.0);
            }
            assertClose(mean, f.mean(), "saved mean " + name);
            assertClose(invstd, f.invstd(), "saved invstd " + name);
            assertClose(rm, runningMean, "running mean " + name);
            assertClose(rv, runningVar, "running var (unbiased) " + name);
        }
    }

    @Test
    void withoutAffineOrRunningStatisticsNormalises() {
        Tensor x = Tensor.normal(8, -2f, 3f, 3, 5, 7, 7);
        BatchNorm.Forward f = BatchNorm.trainForward(x, null, null, null, null, 0.1f, EPS);
        assertClose(ReferenceBatchNorm.trainForward(doubles(x), 3, 5, 49, null, null, EPS), f.y(), "y");
        BatchNorm.Gradients g = BatchNorm.backward(Tensor.ones(3, 5, 7, 7), x, null, f.mean(), f.invstd());
        assertNull(g.dgamma());
        assertNull(g.dbeta());
        for (float v : g.dx().data()) {
            assertEquals(0f, v, 1e-4f, "a constant upstream gradient has no effect through normalisation");
        }
    }

    @Test
    void evalForwardUsesRunningStatistics() {
        for (int[] shape : new int[][] {{1, 3, 5, 7}, {4, 13}, {2, 17, 31, 33}}) {
            int n = shape[0], c = shape[1], p = Shapes.size(shape, 2, shape.length);
            Tensor x = Tensor.normal(c, 0f, 2f, shape);
            Tensor gamma = Tensor.normal(1, 1f, 0.3f, c), beta = Tensor.normal(2, 0f, 1f, c);
            Tensor rm = Tensor.normal(3, 0f, 1f, c), rv = Tensor.uniform(4, 0.5f, 2f, c);
            double[] expected = ReferenceBatchNorm.normalize(doubles(x), n, c, p, doubles(rm), doubles(rv),
                    doubles(gamma), doubles(beta), EPS);
            assertClose(expected, BatchNorm.evalForward(x, gamma, beta, rm, rv, EPS), "eval " + Shapes.toString(shape));
            BatchNorm.evalForwardInto(x, gamma, beta, rm, rv, EPS, x);
            assertClose(expected, x, "eval in place " + Shapes.toString(shape));
        }
    }

    @Test
    void backwardMatchesReference() {
        for (int[] shape : ChannelOpsTest.SHAPES) {
            int n = shape[0], c = shape[1], p = Shapes.size(shape, 2, shape.length);
            if (n * p < 2) {
                continue;
            }
            Tensor x = Tensor.normal(p, 0.5f, 2f, shape);
            Tensor dy = Tensor.normal(p + 7, 0f, 1f, shape);
            Tensor gamma = Tensor.normal(c, 1f, 0.3f, c), beta = Tensor.zeros(c);
            BatchNorm.Forward f = BatchNorm.trainForward(x, gamma, beta, null, null, 0.1f, EPS);
            BatchNorm.Gradients g = BatchNorm.backward(dy, x, gamma, f.mean(), f.invstd());
            double[] xd = doubles(x), dyd = doubles(dy);
            String name = Shapes.toString(shape);
            assertClose(ReferenceBatchNorm.inputGradient(dyd, xd, n, c, p, doubles(gamma), EPS), g.dx(), "dx " + name);
            double[] xhat = ReferenceBatchNorm.trainForward(xd, n, c, p, null, null, EPS);
            assertClose(ReferenceChannels.channelSums(dyd, xhat, n, c, p), g.dgamma(), "dgamma " + name);
            assertClose(ReferenceChannels.channelSums(dyd, null, n, c, p), g.dbeta(), "dbeta " + name);
        }
    }

    @Test
    void activatedPassesGiveTheBitsOfBatchNormThenRectifier() {
        for (int[] shape : ChannelOpsTest.SHAPES) {
            int n = shape[0], c = shape[1], p = Shapes.size(shape, 2, shape.length);
            if (n * p < 2) {
                continue;
            }
            for (float slope : new float[] {0f, 0.2f}) {
                Rectifier act = slope == 0f ? Rectifier.relu() : Rectifier.leaky(slope);
                String name = Shapes.toString(shape) + " " + act;
                Tensor x = Tensor.normal(p, 0.5f, 2f, shape);
                Tensor dy = Tensor.normal(p + 7, 0f, 1f, shape);
                Tensor gamma = Tensor.normal(c, 1f, 0.3f, c), beta = Tensor.normal(c + 1, 0f, 0.5f, c);
                Tensor rm = Tensor.normal(2, 0f, 1f, c), rv = Tensor.uniform(3, 0.5f, 2f, c);
                Tensor rmFused = rm.copy(), rvFused = rv.copy();

                BatchNorm.Forward f = BatchNorm.trainForward(x, gamma, beta, rm, rv, 0.1f, EPS);
                Tensor z = f.y();
                Tensor y = slope == 0f ? Activations.relu(z) : Activations.leakyRelu(z, slope);
                Tensor yFused = Tensor.zeros(shape), mean = Tensor.zeros(c), invstd = Tensor.zeros(c);
                BatchNorm.trainForwardActivatedInto(x, gamma, beta, rmFused, rvFused, 0.1f, EPS, act, yFused, mean,
                        invstd);
                assertArrayEquals(y.data(), yFused.data(), "y " + name);
                assertArrayEquals(rm.data(), rmFused.data(), "running mean " + name);
                assertArrayEquals(rv.data(), rvFused.data(), "running var " + name);
                double[] reference = ReferenceBatchNorm.trainForward(doubles(x), n, c, p, doubles(gamma),
                        doubles(beta), EPS);
                for (int i = 0; i < reference.length; i++) {
                    reference[i] = reference[i] > 0 ? reference[i] : slope * reference[i];
                }
                assertClose(reference, yFused, "y against float64 " + name);

                Tensor dz = slope == 0f ? Activations.reluBackward(dy, y) : Activations.leakyReluBackward(dy, z, slope);
                BatchNorm.Gradients g = BatchNorm.backward(dz, x, gamma, f.mean(), f.invstd());
                Tensor dx = Tensor.zeros(shape), dgamma = Tensor.zeros(c), dbeta = Tensor.zeros(c);
                BatchNorm.backwardActivatedInto(dy, act, x, gamma, beta, mean, invstd, dx, dgamma, dbeta);
                assertArrayEquals(g.dx().data(), dx.data(), "dx " + name);
                assertArrayEquals(g.dgamma().data(), dgamma.data(), "dgamma " + name);
                assertArrayEquals(g.dbeta().data(), dbeta.data(), "dbeta " + name);
            }
        }
    }

    @Test
    void referenceGradientMatchesFiniteDifferences() {
        int n = 2, c = 3, p = 5;
        double[] x = doubles(Tensor.normal(1, 0f, 1f, n * c * p));
        double[] dy = doubles(Tensor.normal(2, 0f, 1f, n * c * p));
        double[] gamma = {0.5, 1.5, -1};
        double[] numeric = numericGradient(v -> ReferenceBatchNorm.trainForward(v, n, c, p, gamma, null, EPS), x, dy);
        assertClose(numeric, ReferenceBatchNorm.inputGradient(dy, x, n, c, p, gamma, EPS), 1e-6, "dx");
    }

    @Test
    void badArgumentsAreRejected() {
        Tensor x = Tensor.zeros(2, 3, 4, 4);
        var e = assertThrows(IllegalArgumentException.class,
                () -> BatchNorm.trainForward(x, Tensor.ones(4), null, null, null, 0.1f, EPS));
        assertTrue(e.getMessage().contains("[2, 3, 4, 4]") && e.getMessage().contains("[4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> BatchNorm.trainForward(Tensor.zeros(1, 3), null, null, null, null, 0.1f, EPS));
        assertThrows(IllegalArgumentException.class,
                () -> BatchNorm.trainForward(x, null, null, Tensor.zeros(3), null, 0.1f, EPS));
        var d = assertThrows(IllegalArgumentException.class,
                () -> BatchNorm.backward(Tensor.zeros(2, 3, 4), x, null, Tensor.zeros(3), Tensor.ones(3)));
        assertTrue(d.getMessage().contains("[2, 3, 4, 4]") && d.getMessage().contains("[2, 3, 4]"), d.getMessage());
    }
}
