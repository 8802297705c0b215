package dev.jgan.cuda;

import static dev.jgan.cuda.Compare.FP32_TOLERANCE;
import static dev.jgan.cuda.Compare.assertClose;
import static dev.jgan.cuda.Compare.assertCloseToOperands;

import dev.jgan.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * GPU losses and their gradients against float64: binary cross-entropy with logits for real and fake
 * targets (its results are differences of float values, so their error is bounded relative to the
 * operands), the hinge terms and the negative mean.
 */
class CudaLossGpuTest extends GpuTest {

    @Test
    void lossAndGradientMatchFloat64() {
        CudaLoss loss = new CudaLoss(context);
        int seed = 90;
        for (int n : new int[] {1, 128, 3001}) {
            for (float target : new float[] {0f, 1f}) {
                // logits up to about +-100: exp(-x) would overflow without the |x| form
                Tensor x = Tensor.normal(seed++, 0, 40, n, 1, 1, 1);
                double sum = 0;
                double operandSum = 0;
                double[] grad = new double[n];
                double[] gradOperands = new double[n];
                double dl = 0.75;
                for (int i = 0; i < n; i++) {
                    double v = x.data()[i];
                    double softplus = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
                    sum += softplus - v * target;
                    operandSum += softplus + Math.abs(v * target);
                    double sigmoid = 1 / (1 + Math.exp(-v));
                    grad[i] = (sigmoid - target) * dl / n;
                    gradOperands[i] = (sigmoid + target) * dl / n;
                }
                String what = "n=" + n + " target " + target;
                try (DeviceTensor gx = upload(x); DeviceTensor gl = poisoned(1);
                     DeviceTensor gdl = upload(Tensor.wrap(new float[] {(float) dl}, 1)); DeviceTensor gdx = poisoned(n, 1, 1, 1)) {
                    loss.bceWithLogits(gx, target, gl);
                    assertCloseToOperands(what + " loss", gl.download().data(), new double[] {sum / n},
                            new double[] {operandSum / n}, FP32_TOLERANCE);
                    loss.bceWithLogitsBackward(gx, target, gdl, gdx);
                    assertCloseToOperands(what + " gradient", gdx.download().data(), grad, gradOperands,
                            FP32_TOLERANCE);
                }
            }
        }
    }

    @Test
    void hingeTermsAndNegativeMeanMatchFloat64() {
        CudaLoss loss = new CudaLoss(context);
        int seed = 190;
        double dl = 0.75;
        for (int n : new int[] {1, 128, 3001}) {
            Tensor x = Tensor.normal(seed++, 0, 2, n, 1, 1, 1);
            for (float sign : new float[] {-1f, 1f}) {
                double sum = 0;
                double[] grad = new double[n];
                for (int i = 0; i < n; i++) {
                    double margin = 1 + sign * x.data()[i];
                    sum += Math.max(margin, 0);
                    grad[i] = margin > 0 ? sign * dl / n : 0;
                }
                String what = "n=" + n + " sign " + sign;
                try (DeviceTensor gx = upload(x); DeviceTensor gl = poisoned(1);
                     DeviceTensor gdl = upload(Tensor.wrap(new float[] {(float) dl}, 1));
                     DeviceTensor gdx = poisoned(n, 1, 1, 1)) {
                    loss.hinge(gx, sign, gl);
                    assertClose(what + " hinge", gl.download().data(), new double[] {sum / n}, FP32_TOLERANCE);
                    loss.hingeBackward(gx, sign, gdl, gdx);
                    assertClose(what + " hinge gradient", gdx.download().data(), grad, FP32_TOLERANCE);
                }
            }
            double sum = 0;
            double magnitude = 0;
            for (float v : x.data()) {
                sum += v;
                magnitude += Math.abs(v);
            }
            double[] grad = new double[n];
            java.util.Arrays.fill(grad, -dl / n);
            try (DeviceTensor gx = upload(x); DeviceTensor gl = poisoned(1);
                 DeviceTensor gdl = upload(Tensor.wrap(new float[] {(float) dl}, 1));
                 DeviceTensor gdx = poisoned(n, 1, 1, 1)) {
                loss.negativeMean(gx, gl);
                assertCloseToOperands("n=" + n + " negative mean", gl.download().data(), new double[] {-sum / n},
                        new double[] {magnitude / n}, FP32_TOLERANCE);
                loss.negativeMeanBackward(gdl, gdx);
                assertClose("n=" + n + " negative mean gradient", gdx.download().data(), grad, FP32_TOLERANCE);
            }
        }
    }
}
