package dev.jgan.nn.backend;

import dev.jgan.nn.autograd.SpectralNormMath;
import dev.jgan.nn.optim.AdamSettings;
import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Activations;
import dev.jgan.tensor.kernels.BatchNorm;
import dev.jgan.tensor.kernels.ChannelOps;
import dev.jgan.tensor.kernels.Concat;
import dev.jgan.tensor.kernels.Conv2d;
import dev.jgan.tensor.kernels.ConvSpec;
import dev.jgan.tensor.kernels.Elementwise;
import dev.jgan.tensor.kernels.Gemm;
import dev.jgan.tensor.kernels.NormRelu;
import dev.jgan.tensor.kernels.OneHot;
import dev.jgan.tensor.kernels.Pooling;
import dev.jgan.tensor.kernels.Reductions;
import dev.jgan.tensor.kernels.Softmax;
import dev.jgan.tensor.kernels.Upsample;
import java.util.List;

/**
 * {@link Backend} on the CPU: every operation is the CPU kernel the autograd ops call, on {@link Tensor}s.
 * The loss keeps its scratch tensors for the next call, so a training step allocates nothing once the
 * batch size stays the same. Not thread-safe: one caller at a time.
 */
public final class CpuBackend implements Backend<Tensor> {
    /** The loss's target, filled per call, and its three scratch tensors; all of the logits' shape. */
    private Tensor lossTarget;
    private Tensor lossPositive;
    private Tensor lossSoftplus;
    private Tensor lossPerElement;
    private Tensor hingeMargins;

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public Tensor allocate(int... shape) {
        return Tensor.zeros(shape);
    }

    @Override
    public Tensor upload(Tensor host) {
        return host.copy();
    }

    @Override
    public void upload(Tensor host, Tensor target) {
        Shapes.requireSame("upload target", host.shape(), target.shape());
        target.copyFrom(host);
    }

    @Override
    public void download(Tensor source, Tensor host) {
        Shapes.requireSame("download target", source.shape(), host.shape());
        host.copyFrom(source);
    }

    @Override
    public void copy(Tensor source, Tensor target) {
        Shapes.requireSame("copy target", source.shape(), target.shape());
        target.copyFrom(source);
    }

    @Override
    public void concatenate(List<Tensor> parts, Tensor out) {
        Backend.requireTotalSize(parts, out.size(), Tensor::size);
        int at = 0;
        for (Tensor part : parts) {
            System.arraycopy(part.data(), 0, out.data(), at, part.size());
            at += part.size();
        }
    }

    @Override
    public void fill(Tensor t, float value) {
        t.fill(value);
    }

    @Override
    public int[] shape(Tensor t) {
        return t.shape();
    }

    @Override
    public void release(Tensor t) {
        // heap memory: the garbage collector takes it back
    }

    @Override
    public Tensor reshape(Tensor t, int... shape) {
        return t.reshape(shape);
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor y) {
        Conv2d.forward(x, w, bias, spec, y);
    }

    @Override
    public void conv2dBackwardInput(Tensor dy, Tensor w, ConvSpec spec, Tensor dx) {
        Conv2d.backwardInput(dy, w, spec, dx);
    }

    @Override
    public void conv2dBackwardWeight(Tensor dy, Tensor x, ConvSpec spec, Tensor dw) {
        Conv2d.backwardWeight(dy, x, spec, dw);
    }

    @Override
    public void batchNormTrain(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                               float momentum, float eps, Tensor y, Tensor saveMean, Tensor saveInvstd) {
        BatchNorm.trainForwardInto(x, gamma, beta, runningMean, runningVar, momentum, eps, y, saveMean, saveInvstd);
    }

    @Override
    public void batchNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor saveMean, Tensor saveInvstd,
                                  Tensor dx, Tensor dgamma, Tensor dbeta) {
        BatchNorm.backwardInto(dy, x, gamma, saveMean, saveInvstd, dx, dgamma, dbeta);
    }

    @Override
    public void relu(Tensor x, Tensor y) {
        Activations.reluInto(x, y);
    }

    @Override
    public void reluBackward(Tensor dy, Tensor y, Tensor dx) {
        Activations.reluBackwardInto(dy, y, dx);
    }

    @Override
    public void leakyRelu(Tensor x, float slope, Tensor y) {
        Activations.leakyReluInto(x, slope, y);
    }

    @Override
    public void leakyReluBackward(Tensor dy, Tensor y, float slope, Tensor dx) {
        Activations.leakyReluBackwardInto(dy, y, slope, dx);
    }

    @Override
    public void tanh(Tensor x, Tensor y) {
        Activations.tanhInto(x, y);
    }

    @Override
    public void tanhBackward(Tensor dy, Tensor y, Tensor dx) {
        Activations.tanhBackwardInto(dy, y, dx);
    }

    @Override
    public void bceWithLogits(Tensor logits, float target, Tensor loss) {
        Shapes.requireShape("loss", loss, 1);
        loss.data()[0] = BceWithLogits.mean(logits, lossTarget(logits.shape(), target), lossPositive, lossSoftplus,
                lossPerElement);
    }

    @Override
    public void bceWithLogitsBackward(Tensor logits, float target, Tensor dloss, Tensor dx) {
        Shapes.requireShape("dloss", dloss, 1);
        Shapes.requireSame("dx", logits.shape(), dx.shape());
        BceWithLogits.gradientInto(logits, lossTarget(logits.shape(), target), dloss.data()[0] / logits.size(), dx);
    }

    /** As GanLosses' autograd hinge terms: (sign x) + 1, relu, then the mean of its float64 sum. */
    @Override
    public void hinge(Tensor logits, float sign, Tensor loss) {
        Shapes.requireShape("loss", loss, 1);
        loss.data()[0] = (float) Reductions.mean(hingeMargins(logits, sign));
    }

    /** As the autograd chain's backward: dL / n where the margin is positive, 0 elsewhere, times sign. */
    @Override
    public void hingeBackward(Tensor logits, float sign, Tensor dloss, Tensor dx) {
        // L = mean(relu(1 + s x))  =>  dx = s dL [1 + s x > 0] / n
        Shapes.requireShape("dloss", dloss, 1);
        Shapes.requireSame("dx", logits.shape(), dx.shape());
        float perElement = dloss.data()[0] / logits.size();
        float[] margins = hingeMargins(logits, sign).data(), d = dx.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = sign * (margins[i] > 0 ? perElement : 0f);
        }
    }

    @Override
    public void negativeMean(Tensor x, Tensor loss) {
        Shapes.requireShape("loss", loss, 1);
        loss.data()[0] = -1f * (float) Reductions.mean(x);
    }

    @Override
    public void negativeMeanBackward(Tensor dloss, Tensor dx) {
        // L = -mean(x)  =>  dx = -dL / n
        Shapes.requireShape("dloss", dloss, 1);
        dx.fill(-1f * dloss.data()[0] / dx.size());
    }

    /** relu(1 + sign x) into a scratch tensor of logits' shape, computed as the autograd ops compute it. */
    private Tensor hingeMargins(Tensor logits, float sign) {
        Backend.requireHingeSign(sign);
        if (hingeMargins == null || !hingeMargins.hasShape(logits.shape())) {
            hingeMargins = Tensor.zeros(logits.shape());
        }
        Tensor shifted = sign == 1f ? Elementwise.addScalarInto(logits, 1f, hingeMargins)
                : Elementwise.addScalarInto(Elementwise.scaleInto(logits, sign, hingeMargins), 1f, hingeMargins);
        return Activations.reluInto(shifted, hingeMargins);
    }

    /** The loss's target tensor of {@code shape} filled with {@code target}, its scratch tensors sized alike. */
    private Tensor lossTarget(int[] shape, float target) {
        if (lossTarget == null || !lossTarget.hasShape(shape)) {
            lossTarget = Tensor.zeros(shape);
            lossPositive = Tensor.zeros(shape);
            lossSoftplus = Tensor.zeros(shape);
            lossPerElement = Tensor.zeros(shape);
        }
        lossTarget.fill(target);
        return lossTarget;
    }

    @Override
    public void adamStep(AdamSettings settings, int t, Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq) {
        settings.update(t, param, grad, expAvg, expAvgSq);
    }

    @Override
    public void blend(float keep, Tensor average, float take, Tensor value) {
        Elementwise.blendInto(keep, average, take, value);
    }

    @Override
    public void spectralPowerIteration(Tensor w, Tensor u, Tensor v, float eps, Tensor sigma) {
        // v = normalise(W^T u), u = normalise(W v), sigma = u^T W v
        Tensor matrix = spectralMatrix(w, u, v);
        int rows = u.size();
        Tensor uScratch = Tensor.zeros(rows, 1);
        SpectralNormMath.powerIteration(matrix, u, v, eps, uScratch, Tensor.zeros(v.size(), 1));
        sigma.fill(SpectralNormMath.sigma(matrix, u, v, uScratch));
    }

    @Override
    public void spectralNormalise(Tensor w, Tensor sigma, Tensor y) {
        Elementwise.scaleInto(w, 1f / sigma.item(), y);
    }

    @Override
    public void spectralNormaliseBackward(Tensor dy, Tensor w, Tensor u, Tensor v, Tensor sigma, Tensor dw) {
        // y = w / s, s = u^T W v  =>  dw = dy / s - (<dy, w> / s^2) u v^T
        Tensor uvT = SpectralNormMath.outerInto(u, v, Tensor.zeros(spectralMatrix(w, u, v).shape()));
        SpectralNormMath.gradientInto(dy, w, uvT.reshape(w.shape()), sigma.item(), dw);
    }

    /** w as spectral norm's [rows, rest] matrix, checked against u [rows] and v [rest]. */
    private static Tensor spectralMatrix(Tensor w, Tensor u, Tensor v) {
        Tensor matrix = w.reshape(w.dim(0), -1);
        Shapes.requireShape("spectral norm u for a weight of shape " + w.shapeString(), u, matrix.dim(0));
        Shapes.requireShape("spectral norm v for a weight of shape " + w.shapeString(), v, matrix.dim(1));
        return matrix;
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        Elementwise.addScaledInto(y, x, alpha, y);
    }

    /** The GEMM, then the bias added to every row: the same kernels, in the same order, as the CPU layers. */
    @Override
    public void linear(Tensor x, Tensor w, Tensor bias, Tensor y) {
        // y = x W^T + b
        Shapes.requireRank("linear: x", x, 2);
        Shapes.requireRank("linear: w", w, 2);
        int rows = x.dim(0), in = x.dim(1), features = w.dim(0);
        Shapes.requireShape("linear: w for x of shape " + x.shapeString(), w, features, in);
        Shapes.requireShape("linear: y for x of shape " + x.shapeString() + " and w of shape " + w.shapeString(), y,
                rows, features);
        Gemm.sgemm(false, true, rows, features, in, 1f, x.data(), 0, Math.max(1, in), w.data(), 0, Math.max(1, in),
                0f, y.data(), 0, Math.max(1, features));
        if (bias != null) {
            ChannelOps.addRowBiasInto(y, bias, y);
        }
    }

    @Override
    public void matmulBatched(boolean transA, boolean transB, int m, int n, int k, float alpha,
                              Tensor a, int aOffset, int lda, int strideA, Tensor b, int bOffset, int ldb, int strideB,
                              float beta, Tensor c, int cOffset, int ldc, int strideC, int batch) {
        Gemm.sgemmBatched(transA, transB, m, n, k, alpha, a.data(), aOffset, lda, strideA, b.data(), bOffset, ldb,
                strideB, beta, c.data(), cOffset, ldc, strideC, batch);
    }

    @Override
    public void upsampleNearest2x(Tensor x, Tensor y) {
        Upsample.nearest2xInto(x, y);
    }

    @Override
    public void addUpsampledFirstChannels(Tensor x, Tensor y) {
        Upsample.addNearest2xInto(x, y);
    }

    @Override
    public void addFirstChannels(Tensor x, Tensor y) {
        Upsample.addFirstChannelsInto(x, y);
    }

    @Override
    public void firstChannels(Tensor x, Tensor y) {
        Shapes.requireRank("firstChannels: y", y, 4);
        x.sliceChannelsInto(0, y.dim(1), y);
    }

    @Override
    public void labelPlanes(Tensor labels, Tensor planes) {
        Shapes.requireShape("labels", labels, planes.dim(0));
        int[] classes = new int[labels.size()];
        for (int i = 0; i < classes.length; i++) {
            float label = labels.data()[i];
            classes[i] = (int) label;
            if (classes[i] != label) {
                throw new IllegalArgumentException("label " + label + " is not a class index");
            }
        }
        OneHot.planesInto(classes, planes);
    }

    @Override
    public void maxPool2x2(Tensor x, Tensor y) {
        Pooling.maxPool2x2Into(x, y, null);
    }

    @Override
    public void softmaxLastAxis(Tensor x, Tensor y) {
        Softmax.forwardInto(x, -1, y);
    }

    @Override
    public void normRelu(Tensor x, Tensor mean, Tensor var, float eps, Tensor gain, Tensor offset, Tensor y) {
        NormRelu.forwardInto(x, mean, var, eps, gain, offset, y);
    }

    @Override
    public void concatRows(Tensor a, Tensor b, Tensor out) {
        Concat.rowsInto(a, b, out);
    }
}
