package dev.jgan.cuda;

import dev.jgan.nn.backend.Backend;
import dev.jgan.nn.optim.AdamSettings;
import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.ConvSpec;
import java.util.List;

/**
 * {@link Backend} on one GPU: every operation queues the CUDA kernels of this module on the context's
 * stream and returns; only downloads (and uploads, which copy from pageable memory) wait. The three
 * convolution passes and the dense products (linear, batched GEMM) run in the given {@link Precision} (FP32
 * matches the CPU to float32 rounding); the other kernels are float32.
 */
public final class CudaBackend implements Backend<DeviceTensor> {
    private final CudaContext context;
    private final Precision precision;
    private final CudaConv2d conv;
    private final CudaBatchNorm batchNorm;
    private final CudaElementwise elementwise;
    private final CudaLoss loss;
    private final CudaAdam adam;
    private final CudaGemm gemm;
    private final CudaUpsample upsample;
    private final CudaPooling pooling;
    private final CudaSoftmax softmax;
    private final CudaNormRelu normRelu;
    private final CudaConcat concat;
    private final CudaSpectralNorm spectralNorm;

    /** Operations on {@code context}'s GPU and stream, convolution passes and dense products in {@code precision}. */
    public CudaBackend(CudaContext context, Precision precision) {
        this.context = context;
        this.precision = precision;
        this.conv = new CudaConv2d(context);
        this.batchNorm = new CudaBatchNorm(context);
        this.elementwise = new CudaElementwise(context);
        this.loss = new CudaLoss(context);
        this.adam = new CudaAdam(context);
        this.gemm = new CudaGemm(context, precision);
        this.upsample = new CudaUpsample(context);
        this.pooling = new CudaPooling(context);
        this.softmax = new CudaSoftmax(context);
        this.normRelu = new CudaNormRelu(context);
        this.concat = new CudaConcat(context);
        this.spectralNorm = new CudaSpectralNorm(context);
    }

    /** FP32 convolutions. */
    public CudaBackend(CudaContext context) {
        this(context, Precision.FP32);
    }

    @Override
    public String name() {
        return "cuda (" + context.deviceName() + ", " + precision + ")";
    }

    @Override
    public DeviceTensor allocate(int... shape) {
        return DeviceTensor.allocate(context, shape);
    }

    @Override
    public DeviceTensor upload(Tensor host) {
        return DeviceTensor.upload(context, host);
    }

    @Override
    public void upload(Tensor host, DeviceTensor target) {
        Shapes.requireSame("upload target", host.shape(), target.shape());
        target.buffer().upload(host.data());
    }

    @Override
    public void download(DeviceTensor source, Tensor host) {
        source.download(host);
    }

    @Override
    public void copy(DeviceTensor source, DeviceTensor target) {
        Shapes.requireSame("copy target", source.shape(), target.shape());
        target.buffer().copyFrom(source.buffer());
    }

    @Override
    public void concatenate(List<DeviceTensor> parts, DeviceTensor out) {
        Backend.requireTotalSize(parts, out.size(), DeviceTensor::size);
        int at = 0;
        for (DeviceTensor part : parts) {
            out.buffer().copyFrom(part.buffer(), at);
            at += part.size();
        }
    }

    @Override
    public void fill(DeviceTensor t, float value) {
        t.fill(value);
    }

    @Override
    public int[] shape(DeviceTensor t) {
        return t.shape();
    }

    @Override
    public void release(DeviceTensor t) {
        t.close();
    }

    @Override
    public DeviceTensor reshape(DeviceTensor t, int... shape) {
        return t.reshape(shape);
    }

    @Override
    public void conv2d(DeviceTensor x, DeviceTensor w, DeviceTensor bias, ConvSpec spec, DeviceTensor y) {
        conv.forward(x, w, bias, spec, y, precision);
    }

    @Override
    public void conv2dBackwardInput(DeviceTensor dy, DeviceTensor w, ConvSpec spec, DeviceTensor dx) {
        conv.backwardInput(dy, w, spec, dx, precision);
    }

    @Override
    public void conv2dBackwardWeight(DeviceTensor dy, DeviceTensor x, ConvSpec spec, DeviceTensor dw) {
        conv.backwardWeight(dy, x, spec, dw, precision);
    }

    @Override
    public void batchNormTrain(DeviceTensor x, DeviceTensor gamma, DeviceTensor beta, DeviceTensor runningMean,
                               DeviceTensor runningVar, float momentum, float eps, DeviceTensor y,
                               DeviceTensor saveMean, DeviceTensor saveInvstd) {
        batchNorm.trainForward(x, gamma, beta, runningMean, runningVar, momentum, eps, y, saveMean, saveInvstd);
    }

    @Override
    public void batchNormBackward(DeviceTensor dy, DeviceTensor x, DeviceTensor gamma, DeviceTensor saveMean,
                                  DeviceTensor saveInvstd, DeviceTensor dx, DeviceTensor dgamma, DeviceTensor dbeta) {
        batchNorm.backward(dy, x, gamma, saveMean, saveInvstd, dx, dgamma, dbeta);
    }

    @Override
    public void relu(DeviceTensor x, DeviceTensor y) {
        elementwise.relu(x, y);
    }

    /** The kernel tests x > 0; the output y has the same sign. */
    @Override
    public void reluBackward(DeviceTensor dy, DeviceTensor y, DeviceTensor dx) {
        elementwise.reluBackward(dy, y, dx);
    }

    @Override
    public void leakyRelu(DeviceTensor x, float slope, DeviceTensor y) {
        elementwise.leakyRelu(x, y, slope);
    }

    /** The kernel tests x > 0; for a positive slope the output y has the same sign. */
    @Override
    public void leakyReluBackward(DeviceTensor dy, DeviceTensor y, float slope, DeviceTensor dx) {
        elementwise.leakyReluBackward(dy, y, dx, slope);
    }

    @Override
    public void tanh(DeviceTensor x, DeviceTensor y) {
        elementwise.tanh(x, y);
    }

    @Override
    public void tanhBackward(DeviceTensor dy, DeviceTensor y, DeviceTensor dx) {
        elementwise.tanhBackward(dy, y, dx);
    }

    @Override
    public void bceWithLogits(DeviceTensor logits, float target, DeviceTensor lossOut) {
        loss.bceWithLogits(logits, target, lossOut);
    }

    @Override
    public void bceWithLogitsBackward(DeviceTensor logits, float target, DeviceTensor dloss, DeviceTensor dx) {
        loss.bceWithLogitsBackward(logits, target, dloss, dx);
    }

    @Override
    public void hinge(DeviceTensor logits, float sign, DeviceTensor lossOut) {
        loss.hinge(logits, sign, lossOut);
    }

    @Override
    public void hingeBackward(DeviceTensor logits, float sign, DeviceTensor dloss, DeviceTensor dx) {
        loss.hingeBackward(logits, sign, dloss, dx);
    }

    @Override
    public void negativeMean(DeviceTensor x, DeviceTensor lossOut) {
        loss.negativeMean(x, lossOut);
    }

    @Override
    public void negativeMeanBackward(DeviceTensor dloss, DeviceTensor dx) {
        loss.negativeMeanBackward(dloss, dx);
    }

    @Override
    public void adamStep(AdamSettings settings, int t, DeviceTensor param, DeviceTensor grad, DeviceTensor expAvg,
                         DeviceTensor expAvgSq) {
        adam.step(settings, t, param, grad, expAvg, expAvgSq);
    }

    @Override
    public void blend(float keep, DeviceTensor average, float take, DeviceTensor value) {
        elementwise.blend(keep, average, take, value);
    }

    @Override
    public void spectralPowerIteration(DeviceTensor w, DeviceTensor u, DeviceTensor v, float eps, DeviceTensor sigma) {
        spectralNorm.powerIteration(w, u, v, eps, sigma);
    }

    @Override
    public void spectralNormalise(DeviceTensor w, DeviceTensor sigma, DeviceTensor y) {
        spectralNorm.normalise(w, sigma, y);
    }

    @Override
    public void spectralNormaliseBackward(DeviceTensor dy, DeviceTensor w, DeviceTensor u, DeviceTensor v,
                                          DeviceTensor sigma, DeviceTensor dw) {
        spectralNorm.normaliseBackward(dy, w, u, v, sigma, dw);
    }

    @Override
    public void axpy(float alpha, DeviceTensor x, DeviceTensor y) {
        elementwise.axpy(x, y, alpha);
    }

    @Override
    public void linear(DeviceTensor x, DeviceTensor w, DeviceTensor bias, DeviceTensor y) {
        gemm.linear(x, w, bias, y);
    }

    @Override
    public void matmulBatched(boolean transA, boolean transB, int m, int n, int k, float alpha,
                              DeviceTensor a, int aOffset, int lda, int strideA,
                              DeviceTensor b, int bOffset, int ldb, int strideB,
                              float beta, DeviceTensor c, int cOffset, int ldc, int strideC, int batch) {
        gemm.sgemmBatched(transA, transB, m, n, k, alpha, a, aOffset, lda, strideA, b, bOffset, ldb, strideB,
                beta, c, cOffset, ldc, strideC, batch);
    }

    @Override
    public void upsampleNearest2x(DeviceTensor x, DeviceTensor y) {
        upsample.nearest2x(x, y);
    }

    @Override
    public void addUpsampledFirstChannels(DeviceTensor x, DeviceTensor y) {
        upsample.addNearest2x(x, y);
    }

    @Override
    public void addFirstChannels(DeviceTensor x, DeviceTensor y) {
        upsample.addFirstChannels(x, y);
    }

    @Override
    public void firstChannels(DeviceTensor x, DeviceTensor y) {
        upsample.firstChannels(x, y);
    }

    @Override
    public void labelPlanes(DeviceTensor labels, DeviceTensor planes) {
        elementwise.labelPlanes(labels, planes);
    }

    @Override
    public void maxPool2x2(DeviceTensor x, DeviceTensor y) {
        pooling.maxPool2x2(x, y);
    }

    @Override
    public void softmaxLastAxis(DeviceTensor x, DeviceTensor y) {
        softmax.lastAxis(x, y);
    }

    @Override
    public void normRelu(DeviceTensor x, DeviceTensor mean, DeviceTensor var, float eps, DeviceTensor gain,
                         DeviceTensor offset, DeviceTensor y) {
        normRelu.forward(x, mean, var, eps, gain, offset, y);
    }

    @Override
    public void concatRows(DeviceTensor a, DeviceTensor b, DeviceTensor out) {
        concat.rows(a, b, out);
    }
}
