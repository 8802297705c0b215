package dev.jgan.gan.dcgan.backend;

import dev.jgan.nn.Layer;
import dev.jgan.nn.Module;
import dev.jgan.nn.backend.Backend;
import dev.jgan.nn.layers.BatchNorm2d;
import dev.jgan.nn.layers.Conv2d;
import dev.jgan.nn.layers.ConvTranspose2d;
import dev.jgan.nn.layers.LeakyReLU;
import dev.jgan.nn.layers.ReLU;
import dev.jgan.nn.layers.Sequential;
import dev.jgan.nn.layers.SpectralNorm;
import dev.jgan.nn.layers.Tanh;
import dev.jgan.nn.optim.Adam;
import dev.jgan.nn.optim.AdamSettings;
import dev.jgan.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DCGAN network (a {@link Sequential} of bias-free convolutions, spectrally normalised or not, batch norms
 * and activations) on a backend: the forward pass layer after layer, the backward pass in reverse, Adam over
 * its parameters, and copies of its parameters, running statistics, spectral-norm vectors and Adam moments to
 * and from the host network (under the host's names, e.g. "1.running_mean", "0.weight_u").
 */
final class BackendNetwork<T> {
    private final List<BackendLayer<T>> layers;
    private final Map<String, BackendParameter<T>> parameters = new LinkedHashMap<>();
    private final Map<String, T> buffers = new LinkedHashMap<>();
    private final Backend<T> backend;

    /** A backend copy of {@code host}'s layers and tensors; {@code what} ("G", "D") names it in errors. */
    BackendNetwork(Backend<T> backend, Sequential host, String what) {
        this.backend = backend;
        this.layers = new ArrayList<>();
        for (int i = 0; i < host.size(); i++) {
            BackendLayer<T> layer = layerOf(backend, host.get(i), what + " layer " + i);
            String prefix = i + ".";
            layer.parameters().forEach(p -> parameters.put(prefix + p.name(), p.value()));
            layer.buffers().forEach(b -> buffers.put(prefix + b.name(), b.value()));
            layers.add(layer);
        }
    }

    /** The network's output for x; valid until the next forward. */
    T forward(T x) {
        T h = x;
        for (BackendLayer<T> layer : layers) {
            h = layer.forward(h);
        }
        return h;
    }

    /** Back from the output's gradient dy through every layer; returns the input's gradient when asked, else null. */
    T backward(T dy, BackendParameter.Gradient mode, boolean inputGradient) {
        T g = dy;
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g, mode, i > 0 || inputGradient);
        }
        return g;
    }

    /** Adam step {@code t} of every parameter from its gradient. */
    void adamStep(AdamSettings settings, int t) {
        parameters.values().forEach(p -> p.adamStep(settings, t));
    }

    /** Overwrites this copy's parameters, running statistics and moments with the host's. */
    void upload(Module host, Adam optimizer) {
        Map<String, Tensor> state = host.state();
        Map<String, Tensor> moments = optimizer.state();
        parameters.forEach((name, p) -> p.upload(state.get(name), moments.get(name + ".exp_avg"),
                moments.get(name + ".exp_avg_sq")));
        buffers.forEach((name, b) -> backend.upload(state.get(name), b));
    }

    /** Overwrites the host's parameters, running statistics and moments with this copy's. */
    void download(Module host, Adam optimizer) {
        Map<String, Tensor> state = host.state();
        Map<String, Tensor> moments = optimizer.state();
        parameters.forEach((name, p) -> p.download(state.get(name), moments.get(name + ".exp_avg"),
                moments.get(name + ".exp_avg_sq")));
        buffers.forEach((name, b) -> backend.download(b, state.get(name)));
    }

    /** The parameters' values on the backend, under the host's names, in the host's order. */
    Map<String, T> parameterValues() {
        Map<String, T> values = new LinkedHashMap<>();
        parameters.forEach((name, p) -> values.put(name, p.value()));
        return values;
    }

    /** The running statistics and spectral-norm vectors on the backend, under the host's names. */
    Map<String, T> bufferValues() {
        return Collections.unmodifiableMap(buffers);
    }

    void release() {
        layers.forEach(BackendLayer::release);
    }

    private static <T> BackendLayer<T> layerOf(Backend<T> backend, Layer layer, String where) {
        return switch (layer) {
            case Conv2d conv when conv.bias() == null && conv.reparametrisation("weight") instanceof SpectralNorm norm ->
                    spectrallyNormalised(backend, conv, norm, where);
            case Conv2d conv when conv.bias() == null && conv.reparametrisation("weight") == null ->
                    new BackendConv<>(backend, conv.weight().value(), conv.spec(), false);
            case ConvTranspose2d conv when conv.bias() == null && conv.outputPadding() == 0 ->
                    new BackendConv<>(backend, conv.weight().value(), conv.spec(), true);
            case BatchNorm2d norm when norm.isAffine() -> new BackendBatchNorm<>(backend, norm.state().get("weight"),
                    norm.state().get("bias"), norm.state().get("running_mean"), norm.state().get("running_var"),
                    norm.momentum(), norm.eps());
            case ReLU relu -> new BackendActivation<>(backend, BackendActivation.Kind.RELU, 0f);
            case LeakyReLU leaky -> new BackendActivation<>(backend, BackendActivation.Kind.LEAKY_RELU, leaky.slope());
            case Tanh tanh -> new BackendActivation<>(backend, BackendActivation.Kind.TANH, 0f);
            default -> throw new IllegalArgumentException(where + " (" + layer.getClass().getSimpleName()
                    + ") is not one the explicit training step supports: bias-free Conv2d (spectrally normalised"
                    + " or not), ConvTranspose2d without output padding, affine BatchNorm2d, ReLU, LeakyReLU, Tanh");
        };
    }

    /**
     * A Conv2d whose weight {@code norm} normalises (its parameter "weight_orig", its vectors "weight_u" and
     * "weight_v", its eps), read from its state: asking the layer for its weight would run a power iteration.
     * The rows of W must be the output channels (dim 0, PyTorch's default for a convolution).
     */
    private static <T> BackendLayer<T> spectrallyNormalised(Backend<T> backend, Conv2d conv, SpectralNorm norm,
            String where) {
        if (norm.dim() != 0) {
            throw new IllegalArgumentException(where + " (Conv2d) is spectrally normalised over dim " + norm.dim()
                    + "; the explicit training step supports dim 0 (the output channels)");
        }
        Map<String, Tensor> state = conv.state();
        Tensor weight = state.get("weight_orig");
        return new BackendConv<>(backend, weight, conv.spec(), false, new BackendSpectralNorm<>(backend,
                weight.shape(), state.get("weight_u"), state.get("weight_v"), norm.eps()));
    }
}
