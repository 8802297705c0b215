package dev.jgan.cuda;

import static dev.jgan.cuda.Compare.FP32_TOLERANCE;
import static dev.jgan.cuda.Compare.assertClose;

import dev.jgan.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** GPU binary cross-entropy with logits and its gradient against float64, for real and fake targets. */
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
                double[] grad = new double[n];
                double dl = 0.75;
                for (int i = 0; i < n; i++) {
                    double v = x.data()[i];
                    sum += Math.max(v, 0) - v * target + Math.log1p(Math.exp(-Math.abs(v)));
                    grad[i] = (1 / (1 + Math.exp(-v)) - target) * dl / n;
                }
                String what = "n=" + n + " target " + target;
                try (DeviceTensor gx = upload(x); DeviceTensor gl = poisoned(1);
                     DeviceTensor gdl = upload(Tensor.wrap(new float[] {(float) dl}, 1)); DeviceTensor gdx = poisoned(n, 1, 1, 1)) {
                    loss.bceWithLogits(gx, target, gl);
                    assertClose(what + " loss", gl.download().data(), new double[] {sum / n}, FP32_TOLERANCE);
                    loss.bceWithLogitsBackward(gx, target, gdl, gdx);
                    assertClose(what + " gradient", gdx.download().data(), grad, FP32_TOLERANCE);
                }
            }
        }
    }
}
