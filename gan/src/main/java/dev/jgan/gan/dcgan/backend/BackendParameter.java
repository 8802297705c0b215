package dev.jgan.gan.dcgan.backend;

import dev.jgan.nn.backend.Backend;
import dev.jgan.nn.optim.AdamSettings;
import dev.jgan.tensor.Tensor;
import java.util.List;

/**
 * One trainable tensor on a backend: its value, its gradient, Adam's two moments, and a buffer for a
 * gradient contribution that is added to (rather than written over) the gradient or discarded, made on
 * the first pass that needs it (never for a network whose passes all write, as G's).
 */
final class BackendParameter<T> {
    /** What a backward pass does with this parameter's gradient. */
    enum Gradient {
        /** The pass's gradient replaces the gradient (the first pass of an update). */
        WRITE,
        /** The pass's gradient is added to the gradient (D's gradient over its real and fake passes). */
        ADD,
        /** The gradient is not wanted (D's parameters while G trains through D). */
        DISCARD
    }

    private final Backend<T> backend;
    private final T value;
    private final T grad;
    private final T expAvg;
    private final T expAvgSq;
    private T contribution;

    BackendParameter(Backend<T> backend, Tensor host) {
        this.backend = backend;
        this.value = backend.upload(host);
        this.grad = backend.allocate(host.shape());
        this.expAvg = backend.allocate(host.shape());
        this.expAvgSq = backend.allocate(host.shape());
        backend.fill(expAvg, 0f);
        backend.fill(expAvgSq, 0f);
    }

    T value() {
        return value;
    }

    /** Where a backward pass writes this parameter's gradient under {@code mode}. */
    T gradientTarget(Gradient mode) {
        if (mode == Gradient.WRITE) {
            return grad;
        }
        if (contribution == null) {
            contribution = backend.allocate(backend.shape(grad));
        }
        return contribution;
    }

    /** Completes a gradient written into {@link #gradientTarget}: ADD adds it to the gradient. */
    void gradientWritten(Gradient mode) {
        if (mode == Gradient.ADD) {
            backend.axpy(1f, contribution, grad);
        }
    }

    /** Adam step {@code t} from the gradient. */
    void adamStep(AdamSettings settings, int t) {
        // m = lerp(m, g, 1 - b1), v = b2 v + (1 - b2) g^2, p -= lr / (1 - b1^t) m / (sqrt(v) / sqrt(1 - b2^t) + eps)
        backend.adamStep(settings, t, value, grad, expAvg, expAvgSq);
    }

    /** Overwrites the value and moments from the host (moments as Adam keeps them). */
    void upload(Tensor hostValue, Tensor hostExpAvg, Tensor hostExpAvgSq) {
        backend.upload(hostValue, value);
        backend.upload(hostExpAvg, expAvg);
        backend.upload(hostExpAvgSq, expAvgSq);
    }

    /** Overwrites the host's value and moments with this one's. */
    void download(Tensor hostValue, Tensor hostExpAvg, Tensor hostExpAvgSq) {
        backend.download(value, hostValue);
        backend.download(expAvg, hostExpAvg);
        backend.download(expAvgSq, hostExpAvgSq);
    }

    void release() {
        for (T t : List.of(value, grad, expAvg, expAvgSq)) {
            backend.release(t);
        }
        BackendLayer.releaseIfHeld(backend, contribution);
    }
}
