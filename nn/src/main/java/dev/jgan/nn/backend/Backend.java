package dev.jgan.nn.backend;

import dev.jgan.nn.optim.AdamSettings;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.ConvSpec;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The tensor operations a DCGAN training step and a BigGAN-deep forward need, on one device: {@link CpuBackend} runs them
 * with the CPU kernels, a GPU backend with its own. T is the device's tensor handle. Tensors are
 * dense float32 NCHW; operations write outputs the caller allocated and, on a GPU, may return
 * before the work is done (a download waits for it). Outputs overwrite unless the op says it adds.
 * A transposed convolution is the convolution's adjoint: its forward is {@link #conv2dBackwardInput},
 * its input gradient {@link #conv2d}, its weight gradient {@link #conv2dBackwardWeight} with x and dy swapped.
 *
 * @param <T> the backend's tensor
 */
public interface Backend<T> {
    /** A short name for messages, e.g. "cpu" or "cuda (NVIDIA H100)". */
    String name();

    /** A new tensor of {@code shape}; its contents are unspecified until written. */
    T allocate(int... shape);

    /** A new device copy of {@code host}. */
    T upload(Tensor host);

    /** Overwrites {@code target} with {@code host} (same shape). */
    void upload(Tensor host, T target);

    /** Overwrites {@code host} with {@code source} (same shape), after every earlier operation. */
    void download(T source, Tensor host);

    /** Overwrites {@code target} with {@code source} (same shape). */
    void copy(T source, T target);

    /** Copies the elements of each part, one part after another, into {@code out} (of their total size). */
    void concatenate(List<T> parts, T out);

    /** Sets every element of {@code t} to {@code value}. */
    void fill(T t, float value);

    /** The shape of {@code t} (a copy). */
    int[] shape(T t);

    /** Gives {@code t}'s memory back; t must not be used afterwards. */
    void release(T t);

    /** A view of {@code t} with another shape of the same size, sharing its memory (releasing the view frees nothing). */
    T reshape(T t, int... shape);

    /** y [N, Cout, outH, outW] = conv(x [N, Cin, H, W], w [Cout, Cin, kH, kW]), no bias; overwrites y. */
    default void conv2d(T x, T w, ConvSpec spec, T y) {
        conv2d(x, w, null, spec, y);
    }

    /** y [N, Cout, outH, outW] = conv(x, w) + bias [Cout] (no bias when null); overwrites y. */
    void conv2d(T x, T w, T bias, ConvSpec spec, T y);

    /** dx [N, Cin, H, W] = conv's input gradient from dy [N, Cout, outH, outW]; dx's shape gives H, W; overwrites dx. */
    void conv2dBackwardInput(T dy, T w, ConvSpec spec, T dx);

    /** dw [Cout, Cin, kH, kW] = conv's weight gradient from dy and the forward input x; overwrites dw. */
    void conv2dBackwardWeight(T dy, T x, ConvSpec spec, T dw);

    /**
     * Training batch norm of x [N, C, H, W] with batch statistics: writes y, saveMean [C] and saveInvstd [C];
     * gamma and beta [C]; updates runningMean and runningVar [C] in place (unbiased variance, {@code momentum}).
     */
    void batchNormTrain(T x, T gamma, T beta, T runningMean, T runningVar, float momentum, float eps,
                        T y, T saveMean, T saveInvstd);

    /** Batch norm's gradients from dy, the forward input x and its saved statistics: overwrites dx (unless null), dgamma, dbeta. */
    void batchNormBackward(T dy, T x, T gamma, T saveMean, T saveInvstd, T dx, T dgamma, T dbeta);

    /** y = max(x, 0); y may be x. */
    void relu(T x, T y);

    /** dx = dy [y > 0] from the forward output y; dx may be dy. */
    void reluBackward(T dy, T y, T dx);

    /** y = x > 0 ? x : slope x (slope > 0); y may be x. */
    void leakyRelu(T x, float slope, T y);

    /** dx = dy (y > 0 ? 1 : slope) from the forward output y (same sign as x); dx may be dy. */
    void leakyReluBackward(T dy, T y, float slope, T dx);

    /** y = tanh(x); y may be x. */
    void tanh(T x, T y);

    /** dx = dy (1 - y^2) from the forward output y; dx may be dy. */
    void tanhBackward(T dy, T y, T dx);

    /** loss [1] = mean(max(x, 0) - x target + log(1 + exp(-|x|))) over every element of logits; overwrites loss. */
    void bceWithLogits(T logits, float target, T loss);

    /** dx = dloss (sigmoid(x) - target) / n, dloss [1] read on the device; overwrites dx. */
    void bceWithLogitsBackward(T logits, float target, T dloss, T dx);

    /** loss [1] = mean(relu(1 + sign x)) over every element of logits, sign -1 or 1 (a hinge term); overwrites loss. */
    void hinge(T logits, float sign, T loss);

    /** dx = dloss sign [1 + sign x > 0] / n, dloss [1] read on the device; overwrites dx. */
    void hingeBackward(T logits, float sign, T dloss, T dx);

    /** Refuses parts for {@link #concatenate} whose sizes do not add up to the output's. */
    static <T> void requireTotalSize(List<T> parts, int outSize, ToIntFunction<T> size) {
        long total = parts.stream().mapToLong(size::applyAsInt).sum();
        if (total != outSize) {
            throw new IllegalArgumentException("concatenate: the parts hold " + total + " values, the output "
                    + outSize);
        }
    }

    /** Refuses a hinge sign other than -1 (real images' term) or 1 (generated images'). */
    static void requireHingeSign(float sign) {
        if (sign != 1f && sign != -1f) {
            throw new IllegalArgumentException("hinge: sign must be -1 or 1, got " + sign);
        }
    }

    /** loss [1] = -mean(x) over every element of x (the hinge generator loss); overwrites loss. */
    void negativeMean(T x, T loss);

    /** dx = -dloss / n everywhere, dloss [1] read on the device; overwrites dx. */
    void negativeMeanBackward(T dloss, T dx);

    /** Adam step {@code t} (1 for the first) of one parameter: updates param, expAvg and expAvgSq in place. */
    void adamStep(AdamSettings settings, int t, T param, T grad, T expAvg, T expAvgSq);

    /** y = y + alpha x (adds). */
    void axpy(float alpha, T x, T y);

    /** average = keep average + take value, each product rounded to float before the sum (a moving average). */
    void blend(float keep, T average, float take, T value);

    /**
     * One power iteration of spectral norm in training (as torch.nn.utils.spectral_norm) on W = w as a
     * [w.dim(0), rest] matrix: v = normalise(W^T u), then u = normalise(W v), normalise(x) = x / max(||x||, eps);
     * then sigma [1] = u^T W v with the new u and v. Overwrites u [rows], v [rest] and sigma.
     */
    void spectralPowerIteration(T w, T u, T v, float eps, T sigma);

    /** y = w / sigma, sigma [1] read on the device; overwrites y. */
    void spectralNormalise(T w, T sigma, T y);

    /**
     * The gradient of y = w / sigma, sigma = u^T W v, for u and v held (those of the power iteration that made
     * sigma): dw = dy / sigma - (&lt;dy, w&gt; / sigma^2) u v^T, u v^T laid out as w; overwrites dw.
     */
    void spectralNormaliseBackward(T dy, T w, T u, T v, T sigma, T dw);

    /** y [N, M] = x [N, K] w^T + bias [M] (no bias when null) for w [M, K]: a linear layer; overwrites y. */
    void linear(T x, T w, T bias, T y);

    /**
     * {@code batch} products C_i = alpha op(A_i) op(B_i) + beta C_i (op(A) m x k, op(B) k x n), X_i's element
     * (r, c) at {@code x[xOffset + i strideX + r ldx + c]} of X's stored layout, as {@code Gemm.sgemmBatched}.
     */
    void matmulBatched(boolean transA, boolean transB, int m, int n, int k, float alpha,
                       T a, int aOffset, int lda, int strideA, T b, int bOffset, int ldb, int strideB,
                       float beta, T c, int cOffset, int ldc, int strideC, int batch);

    /** y [N, C, 2H, 2W] = x [N, C, H, W] up-sampled 2x by nearest neighbour; overwrites y. */
    void upsampleNearest2x(T x, T y);

    /** y [N, C, 2H, 2W] += x[:, 0:C] up-sampled 2x by nearest neighbour (x may have more channels; adds). */
    void addUpsampledFirstChannels(T x, T y);

    /** y [N, C, H, W] += x[:, 0:C] (x may have more channels; adds). */
    void addFirstChannels(T x, T y);

    /** y [N, C, H, W] = x[:, 0:C] (x may have more channels); overwrites y. */
    void firstChannels(T x, T y);

    /**
     * planes [N, classes, H, W] = the one-hot code of each labels[n], over every position; overwrites planes.
     * Each label must be a class index in [0, classes) held as a float: the caller checks them (a device
     * backend writes an all-zero code for any other value, the CPU backend throws).
     */
    void labelPlanes(T labels, T planes);

    /** y [N, C, H / 2, W / 2] = the maxima of x's 2x2 windows with stride 2 (an odd last row or column dropped); overwrites y. */
    void maxPool2x2(T x, T y);

    /** y = softmax of x along its last axis; y may be x. */
    void softmaxLastAxis(T x, T y);

    /**
     * y = relu((x - mean) / sqrt(var + eps) gain + offset) over x [N, C, ...]: mean and var [C], gain and offset
     * both [C] or both [N, C] (per sample); y may be x.
     */
    void normRelu(T x, T mean, T var, float eps, T gain, T offset, T y);

    /** out [N, A + B] = [a, b] row by row for a [N, A] and b [N, B]; overwrites out. */
    void concatRows(T a, T b, T out);
}
