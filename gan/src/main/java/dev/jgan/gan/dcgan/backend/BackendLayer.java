package dev.jgan.gan.dcgan.backend;

import dev.jgan.nn.backend.Backend;
import java.util.Arrays;
import java.util.List;

/**
 * One layer of a network on a backend. The forward pass keeps what the backward pass needs; the
 * backward pass returns the gradient of the layer's input. Outputs are the layer's own buffers,
 * valid until its next forward (activations work in place on their input).
 */
interface BackendLayer<T> {
    /** The output for input x. */
    T forward(T x);

    /** The input's gradient from the output's, dy (null when {@code inputGradient} is false); parameters per {@code mode}. */
    T backward(T dy, BackendParameter.Gradient mode, boolean inputGradient);

    /** The layer's trainable parameters by their names in the layer ("weight", "bias"). */
    default List<Named<BackendParameter<T>>> parameters() {
        return List.of();
    }

    /** The layer's state that is not trained (batch-norm running statistics) by name. */
    default List<Named<T>> buffers() {
        return List.of();
    }

    /** Gives every buffer the layer holds back to the backend. */
    void release();

    /** A value under its name in the layer. */
    record Named<V>(String name, V value) {}

    /** {@code buffer} if it has {@code shape}, else a new tensor of that shape (the old one released; null allowed). */
    static <T> T sized(Backend<T> backend, T buffer, int... shape) {
        if (buffer != null && Arrays.equals(backend.shape(buffer), shape)) {
            return buffer;
        }
        releaseIfHeld(backend, buffer);
        return backend.allocate(shape);
    }

    /** Releases {@code buffer} unless it is null (never allocated). */
    static <T> void releaseIfHeld(Backend<T> backend, T buffer) {
        if (buffer != null) {
            backend.release(buffer);
        }
    }
}
