package dev.jgan.nn.backend;

import dev.jgan.nn.optim.AdamSettings;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.ConvSpec;

/**
 * The tensor operations a DCGAN training step needs, on one device: {@link CpuBackend} runs them
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

    /** Sets every element of {@code t} to {@code value}. */
    void fill(T t, float value);

    /** The shape of {@code t} (a copy). */
    int[] shape(T t);

    /** Gives {@code t}'s memory back; t must not be used afterwards. */
    void release(T t);

    /** y [N, Cout, outH, outW] = conv(x [N, Cin, H, W], w [Cout, Cin, kH, kW]), no bias; overwrites y. */
    void conv2d(T x, T w, ConvSpec spec, T y);

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

    /** Adam step {@code t} (1 for the first) of one parameter: updates param, expAvg and expAvgSq in place. */
    void adamStep(AdamSettings settings, int t, T param, T grad, T expAvg, T expAvgSq);

    /** y = y + alpha x (adds). */
    void axpy(float alpha, T x, T y);
}
