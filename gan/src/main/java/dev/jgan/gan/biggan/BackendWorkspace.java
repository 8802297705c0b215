package dev.jgan.gan.biggan;

import dev.jgan.nn.backend.Backend;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Activation tensors a backend generator takes and gives back during a call, kept on the device for
 * the next call so that repeated generation with the same batch size allocates nothing. Tensors are
 * pooled by shape; every operation writing into one overwrites it. A call keeps the tensors it used
 * and releases the rest, as {@link Workspace} does on the CPU. Not thread-safe: one call at a time.
 */
final class BackendWorkspace<T> implements AutoCloseable {
    private final Backend<T> backend;
    /** Tensors given back during the current call. */
    private Map<ShapeKey, ArrayDeque<T>> free = new HashMap<>();
    /** Tensors kept from the previous call and not yet used by this one. */
    private Map<ShapeKey, ArrayDeque<T>> previous = new HashMap<>();
    private int outstanding;
    private int allocations;

    BackendWorkspace(Backend<T> backend) {
        this.backend = backend;
    }

    /** Starts a call: what the last call used becomes available, anything else is released. */
    void begin() {
        if (outstanding != 0) {
            throw new IllegalStateException("workspace: " + outstanding + " tensor(s) still taken at the start of a call");
        }
        releaseAll(previous);
        previous = free;
        free = new HashMap<>();
    }

    /** A tensor of the given shape with arbitrary contents (to be overwritten). */
    T take(int... shape) {
        ShapeKey key = new ShapeKey(shape);
        T t = poll(free, key);
        if (t == null) {
            t = poll(previous, key);
        }
        outstanding++;
        if (t == null) {
            allocations++;
            t = backend.allocate(shape);
        }
        return t;
    }

    /** Hands a tensor from {@link #take} back for reuse within this call and the next. */
    void give(T t) {
        outstanding--;
        free.computeIfAbsent(new ShapeKey(backend.shape(t)), k -> new ArrayDeque<>()).push(t);
    }

    /** Tensors allocated since the workspace was made. */
    int allocations() {
        return allocations;
    }

    @Override
    public void close() {
        releaseAll(free);
        releaseAll(previous);
    }

    private void releaseAll(Map<ShapeKey, ArrayDeque<T>> pool) {
        for (ArrayDeque<T> tensors : pool.values()) {
            for (T t : new ArrayList<>(tensors)) {
                backend.release(t);
            }
        }
        pool.clear();
    }

    private static <T> T poll(Map<ShapeKey, ArrayDeque<T>> pool, ShapeKey key) {
        ArrayDeque<T> tensors = pool.get(key);
        return tensors == null ? null : tensors.poll();
    }

    /** A pool's key: the dimensions compared by value (no text built per take). */
    private record ShapeKey(int[] dims) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ShapeKey k && Arrays.equals(dims, k.dims);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(dims);
        }

        @Override
        public String toString() {
            return Arrays.toString(dims);
        }
    }
}
