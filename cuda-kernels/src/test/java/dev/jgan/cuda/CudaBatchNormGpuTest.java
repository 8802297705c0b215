package dev.jgan.cuda;

import static dev.jgan.cuda.Compare.FP32_TOLERANCE;
import static dev.jgan.cuda.Compare.assertClose;
import static dev.jgan.cuda.Compare.toDouble;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.BatchNorm;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** GPU training batch norm, forward and backward, against the CPU's BatchNorm. */
class CudaBatchNormGpuTest extends GpuTest {
    /** [N, C, H, W]: DCGAN-like, odd planes, fewer values per channel than a block's threads, one value per image. */
    private static final int[][] SHAPES = {{16, 32, 7, 7}, {3, 5, 13, 11}, {2, 3, 1, 1}, {4, 7, 1, 1}, {5, 3, 64, 65}};

    @Test
    void forwardAndBackwardMatchTheCpu() {
        CudaBatchNorm bn = new CudaBatchNorm(context);
        int seed = 70;
        for (int[] shape : SHAPES) {
            for (boolean affine : new boolean[] {true, false}) {
                int c = shape[1];
                String what = Arrays.toString(shape) + (affine ? " affine" : "");
                Tensor x = Tensor.normal(seed++, 3, 2, shape);
                Tensor dy = Tensor.normal(seed++, 0, 1, shape);
                Tensor gamma = affine ? Tensor.normal(seed++, 1, 0.2f, c) : null;
                Tensor beta = affine ? Tensor.normal(seed++, 0, 1, c) : null;
                Tensor runningMean = Tensor.normal(seed++, 0, 1, c);
                Tensor runningVar = Tensor.normal(seed++, 2, 0.1f, c);
                Tensor y = Tensor.zeros(shape), mean = Tensor.zeros(c), invstd = Tensor.zeros(c);
                Tensor cpuRunningMean = runningMean.copy(), cpuRunningVar = runningVar.copy();
                BatchNorm.trainForwardInto(x, gamma, beta, cpuRunningMean, cpuRunningVar, 0.1f, 1e-5f, y, mean, invstd);
                Tensor dx = Tensor.zeros(shape), dgamma = Tensor.zeros(c), dbeta = Tensor.zeros(c);
                BatchNorm.backwardInto(dy, x, gamma, mean, invstd, dx, dgamma, dbeta);
                try (DeviceTensor gx = upload(x); DeviceTensor gdy = upload(dy);
                     DeviceTensor gGamma = affine ? upload(gamma) : null; DeviceTensor gBeta = affine ? upload(beta) : null;
                     DeviceTensor gRunningMean = upload(runningMean); DeviceTensor gRunningVar = upload(runningVar);
                     DeviceTensor gy = poisoned(shape); DeviceTensor gMean = poisoned(c); DeviceTensor gInvstd = poisoned(c);
                     DeviceTensor gdx = poisoned(shape); DeviceTensor gdGamma = poisoned(c); DeviceTensor gdBeta = poisoned(c)) {
                    bn.trainForward(gx, gGamma, gBeta, gRunningMean, gRunningVar, 0.1f, 1e-5f, gy, gMean, gInvstd);
                    assertClose(what + " y", gy.download().data(), toDouble(y.data()), FP32_TOLERANCE);
                    assertClose(what + " mean", gMean.download().data(), toDouble(mean.data()), FP32_TOLERANCE);
                    assertClose(what + " invstd", gInvstd.download().data(), toDouble(invstd.data()), FP32_TOLERANCE);
                    assertClose(what + " running mean", gRunningMean.download().data(), toDouble(cpuRunningMean.data()),
                            FP32_TOLERANCE);
                    assertClose(what + " running var", gRunningVar.download().data(), toDouble(cpuRunningVar.data()),
                            FP32_TOLERANCE);
                    bn.backward(gdy, gx, gGamma, gMean, gInvstd, gdx, gdGamma, gdBeta);
                    assertClose(what + " dx", gdx.download().data(), toDouble(dx.data()), FP32_TOLERANCE);
                    assertClose(what + " dbeta", gdBeta.download().data(), toDouble(dbeta.data()), FP32_TOLERANCE);
                    assertClose(what + " dgamma", gdGamma.download().data(), toDouble(dgamma.data()), FP32_TOLERANCE);
                }
            }
        }
    }
}
