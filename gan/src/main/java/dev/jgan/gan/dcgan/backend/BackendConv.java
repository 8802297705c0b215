package dev.jgan.gan.dcgan.backend;

import static dev.jgan.gan.dcgan.backend.BackendLayer.releaseIfHeld;
import static dev.jgan.gan.dcgan.backend.BackendLayer.sized;

import dev.jgan.nn.backend.Backend;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.ConvSpec;
import java.util.List;

/**
 * A bias-free convolution, y = conv(x, W) with W [Cout, Cin, k, k], or transposed convolution,
 * y = conv^T(x, W) with W [Cin, Cout, k, k] (the convolution's adjoint, so its forward and input
 * gradient are the convolution's input gradient and forward). With spectral norm, W is the normalised
 * weight that each forward pass makes from the trained one.
 */
final class BackendConv<T> implements BackendLayer<T> {
    private final Backend<T> backend;
    private final BackendParameter<T> weight;
    /** Null without spectral norm. */
    private final BackendSpectralNorm<T> spectralNorm;
    private final ConvSpec spec;
    private final boolean transposed;
    private final int outChannels;
    private T input;
    private T forwardWeight;
    private T output;
    private T inputGrad;
    private T normalisedWeightGrad;

    BackendConv(Backend<T> backend, Tensor hostWeight, ConvSpec spec, boolean transposed) {
        this(backend, hostWeight, spec, transposed, null);
    }

    /** A convolution whose weight {@code spectralNorm} normalises at every forward pass (null: none). */
    BackendConv(Backend<T> backend, Tensor hostWeight, ConvSpec spec, boolean transposed,
                BackendSpectralNorm<T> spectralNorm) {
        this.backend = backend;
        this.weight = new BackendParameter<>(backend, hostWeight);
        this.spectralNorm = spectralNorm;
        this.spec = spec;
        this.transposed = transposed;
        this.outChannels = hostWeight.dim(transposed ? 1 : 0);
    }

    @Override
    public T forward(T x) {
        input = x;
        forwardWeight = spectralNorm == null ? weight.value() : spectralNorm.normalise(weight.value());
        int[] in = backend.shape(x);
        int outH = transposed ? spec.transposedOutH(in[2], 0) : spec.outH(in[2]);
        int outW = transposed ? spec.transposedOutW(in[3], 0) : spec.outW(in[3]);
        output = sized(backend, output, in[0], outChannels, outH, outW);
        convolve(x, transposed, output);
        return output;
    }

    @Override
    public T backward(T dy, BackendParameter.Gradient mode, boolean inputGradient) {
        if (mode != BackendParameter.Gradient.DISCARD) {
            T dw = weight.gradientTarget(mode);
            T convWeightGrad = dw;
            if (spectralNorm != null) {
                normalisedWeightGrad = sized(backend, normalisedWeightGrad, backend.shape(dw));
                convWeightGrad = normalisedWeightGrad;
            }
            if (transposed) {
                // y = conv^T(x, W)  =>  dW = correlate(dy, x): the convolution's weight gradient with x and dy swapped
                backend.conv2dBackwardWeight(input, dy, spec, convWeightGrad);
            } else {
                // y = conv(x, W)  =>  dW[o][c][kh][kw] = sum over n, oh, ow of dy[n][o][oh][ow] x[n][c][oh s - p + kh][ow s - p + kw]
                backend.conv2dBackwardWeight(dy, input, spec, convWeightGrad);
            }
            if (spectralNorm != null) {
                spectralNorm.backward(normalisedWeightGrad, weight.value(), dw);
            }
            weight.gradientWritten(mode);
        }
        if (!inputGradient) {
            return null;
        }
        inputGrad = sized(backend, inputGrad, backend.shape(input));
        // y = conv(x, W)  =>  dx = conv^T(dy, W);  y = conv^T(x, W)  =>  dx = conv(dy, W)
        convolve(dy, !transposed, inputGrad);
        return inputGrad;
    }

    /** out = conv(in, W), or its adjoint conv^T(in, W) when {@code adjoint}, W the last forward's; overwrites out. */
    private void convolve(T in, boolean adjoint, T out) {
        if (adjoint) {
            backend.conv2dBackwardInput(in, forwardWeight, spec, out);
        } else {
            backend.conv2d(in, forwardWeight, spec, out);
        }
    }

    @Override
    public List<Named<BackendParameter<T>>> parameters() {
        return List.of(new Named<>(spectralNorm == null ? "weight" : "weight_orig", weight));
    }

    @Override
    public List<Named<T>> buffers() {
        return spectralNorm == null ? List.of() : spectralNorm.buffers();
    }

    @Override
    public void release() {
        weight.release();
        if (spectralNorm != null) {
            spectralNorm.release();
        }
        releaseIfHeld(backend, output);
        releaseIfHeld(backend, inputGrad);
        releaseIfHeld(backend, normalisedWeightGrad);
    }
}
