package dev.jgan.cuda;

import static dev.jgan.cuda.Compare.FP32_TOLERANCE;
import static dev.jgan.cuda.Compare.assertClose;
import static dev.jgan.cuda.Compare.toDouble;

import dev.jgan.nn.backend.CpuBackend;
import dev.jgan.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * GPU spectral norm against the CPU backend (whose results the layer and autograd op give bit for bit): a
 * power iteration, w / sigma and the gradient, on weights of odd shapes, from a DCGAN discriminator's first
 * layer [64, 1, 4, 4] to its last [1, 128, 7, 7].
 */
class CudaSpectralNormGpuTest extends GpuTest {
    private static final float EPS = 1e-12f;

    @Test
    void powerIterationNormalisedWeightAndGradientMatchTheCpu() {
        CudaSpectralNorm spectralNorm = new CudaSpectralNorm(context);
        CpuBackend cpu = new CpuBackend();
        int seed = 300;
        for (int[] shape : new int[][] {{3, 2}, {7, 5, 3, 3}, {64, 1, 4, 4}, {130, 67, 4, 4}, {1, 128, 7, 7}}) {
            Tensor w = Tensor.normal(seed++, 0, 0.02f, shape);
            int rows = shape[0];
            int cols = w.size() / rows;
            Tensor u = Tensor.normal(seed++, 0, 1, rows);
            Tensor v = Tensor.normal(seed++, 0, 1, cols);
            Tensor dy = Tensor.normal(seed++, 0, 1, shape);
            Tensor sigma = Tensor.zeros(1);
            Tensor y = Tensor.zeros(shape);
            Tensor dw = Tensor.zeros(shape);
            try (DeviceTensor gw = upload(w); DeviceTensor gu = upload(u); DeviceTensor gv = upload(v);
                 DeviceTensor gdy = upload(dy); DeviceTensor gsigma = poisoned(1); DeviceTensor gy = poisoned(shape);
                 DeviceTensor gdw = poisoned(shape)) {
                spectralNorm.powerIteration(gw, gu, gv, EPS, gsigma);
                spectralNorm.normalise(gw, gsigma, gy);
                spectralNorm.normaliseBackward(gdy, gw, gu, gv, gsigma, gdw);
                cpu.spectralPowerIteration(w, u, v, EPS, sigma);
                cpu.spectralNormalise(w, sigma, y);
                cpu.spectralNormaliseBackward(dy, w, u, v, sigma, dw);
                String what = Arrays.toString(shape);
                assertClose(what + " u", gu.download().data(), toDouble(u.data()), FP32_TOLERANCE);
                assertClose(what + " v", gv.download().data(), toDouble(v.data()), FP32_TOLERANCE);
                assertClose(what + " sigma", gsigma.download().data(), toDouble(sigma.data()), FP32_TOLERANCE);
                assertClose(what + " w / sigma", gy.download().data(), toDouble(y.data()), FP32_TOLERANCE);
                assertClose(what + " gradient", gdw.download().data(), toDouble(dw.data()), FP32_TOLERANCE);
            }
        }
    }
}
