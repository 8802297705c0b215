package dev.jgan.cuda;

import static dev.jgan.cuda.Compare.assertClose;

import dev.jgan.nn.optim.AdamSettings;
import dev.jgan.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** GPU Adam against the same update in float64, over several steps, with and without weight decay. */
class CudaAdamGpuTest extends GpuTest {

    @Test
    void threeStepsMatchTheFloat64Update() {
        double lr = 2e-4, beta1 = 0.5, beta2 = 0.999, eps = 1e-8;
        for (double weightDecay : new double[] {0, 0.01}) {
            for (int n : new int[] {1, 1000, 1 << 21}) {
                Tensor p = Tensor.normal(n, 0, 1, n);
                double[] wantP = Compare.toDouble(p.data()), wantM = new double[n], wantV = new double[n];
                AdamSettings settings = new AdamSettings(lr, beta1, beta2, eps, weightDecay);
                CudaAdam adam = new CudaAdam(context);
                try (DeviceTensor gp = upload(p); DeviceTensor gm = upload(Tensor.zeros(n));
                     DeviceTensor gv = upload(Tensor.zeros(n))) {
                    for (int t = 1; t <= 3; t++) {
                        Tensor grad = Tensor.normal(31 * t + n, 0, 1, n);
                        double stepSize = lr / (1 - Math.pow(beta1, t));
                        double correction2 = Math.sqrt(1 - Math.pow(beta2, t));
                        for (int i = 0; i < n; i++) {
                            double g = grad.data()[i] + weightDecay * wantP[i];
                            wantM[i] += (1 - beta1) * (g - wantM[i]);
                            wantV[i] = wantV[i] * beta2 + (1 - beta2) * g * g;
                            wantP[i] -= stepSize * wantM[i] / (Math.sqrt(wantV[i]) / correction2 + eps);
                        }
                        try (DeviceTensor gg = upload(grad)) {
                            adam.step(settings, t, gp, gg, gm, gv);
                        }
                    }
                    String what = "n=" + n + " weight decay " + weightDecay;
                    assertClose(what + " parameters", gp.download().data(), wantP, 1e-6);
                    assertClose(what + " first moment", gm.download().data(), wantM, 1e-5);
                    assertClose(what + " second moment", gv.download().data(), wantV, 1e-5);
                }
            }
        }
    }
}
