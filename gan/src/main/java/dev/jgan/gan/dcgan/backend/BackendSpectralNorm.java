package dev.jgan.gan.dcgan.backend;

import dev.jgan.gan.dcgan.backend.BackendLayer.Named;
import dev.jgan.nn.backend.Backend;
import dev.jgan.tensor.Tensor;
import java.util.List;

/**
 * Spectral normalisation of a convolution's weight on a backend, as {@link dev.jgan.nn.layers.SpectralNorm}
 * does it in training: every forward pass runs one power iteration on the vectors u and v and uses
 * w / sigma, sigma = u^T W v (W = w as [w.dim(0), rest]); its backward pass takes the normalised weight's
 * gradient back to w's for the u and v of that forward pass.
 */
final class BackendSpectralNorm<T> {
    private final Backend<T> backend;
    private final float eps;
    private final T u;
    private final T v;
    private final T sigma;
    private final T normalised;

    /** For a weight of {@code weightShape} with the host's vectors u [rows] and v [rest] (copied). */
    BackendSpectralNorm(Backend<T> backend, int[] weightShape, Tensor hostU, Tensor hostV, float eps) {
        this.backend = backend;
        this.eps = eps;
        this.u = backend.upload(hostU);
        this.v = backend.upload(hostV);
        this.sigma = backend.allocate(1);
        this.normalised = backend.allocate(weightShape);
    }

    /** One power iteration, then w / sigma; valid until the next call. */
    T normalise(T w) {
        // v = normalise(W^T u), u = normalise(W v), sigma = u^T W v
        backend.spectralPowerIteration(w, u, v, eps, sigma);
        backend.spectralNormalise(w, sigma, normalised);
        return normalised;
    }

    /** dw (overwritten) from the gradient of the weight the last {@link #normalise} returned. */
    void backward(T dNormalised, T w, T dw) {
        // y = w / s, s = u^T W v  =>  dw = dy / s - (<dy, w> / s^2) u v^T
        backend.spectralNormaliseBackward(dNormalised, w, u, v, sigma, dw);
    }

    /** The vectors under the host's names for a weight "weight". */
    List<Named<T>> buffers() {
        return List.of(new Named<>("weight_u", u), new Named<>("weight_v", v));
    }

    void release() {
        for (T t : List.of(u, v, sigma, normalised)) {
            backend.release(t);
        }
    }
}
