package dev.jgan.gan.biggan;

import dev.jgan.nn.backend.Backend;
import dev.jgan.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The fixed tensors of a backend generator: uploaded once, released together. */
final class BackendParameters<T> implements AutoCloseable {
    private final Backend<T> backend;
    private final List<T> held = new ArrayList<>();
    private final Map<Integer, T> ones = new HashMap<>();

    BackendParameters(Backend<T> backend) {
        this.backend = backend;
    }

    Backend<T> backend() {
        return backend;
    }

    /** A device copy of {@code host}, held until {@link #close}. */
    T upload(Tensor host) {
        T t = backend.upload(host);
        held.add(t);
        return t;
    }

    /** A device tensor of {@code shape} (contents unspecified), held until {@link #close}. */
    T allocate(int... shape) {
        T t = backend.allocate(shape);
        held.add(t);
        return t;
    }

    /** A device vector of {@code length} ones, uploaded once per length and shared by its users. */
    T ones(int length) {
        return ones.computeIfAbsent(length, k -> upload(Tensor.full(1f, k)));
    }

    @Override
    public void close() {
        held.forEach(backend::release);
        held.clear();
        ones.clear();
    }
}
