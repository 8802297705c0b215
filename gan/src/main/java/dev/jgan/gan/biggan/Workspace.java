package dev.jgan.gan.biggan;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Activation buffers a generator takes and gives back during a call, kept for the next call so
 * that repeated generation allocates no large arrays. Buffers are pooled by length, not shape
 * (BigGAN's activations keep channels x pixels within a few sizes), and every kernel writing
 * into one overwrites it, so old contents never matter. A call keeps the buffers it used and
 * drops the rest: after a large batch, a small one shrinks the pool back to what it needs.
 * Not thread-safe: one call at a time.
 */
final class Workspace {
    /** Buffers given back during the current call. */
    private Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    /** Buffers kept from the previous call and not yet used by this one. */
    private Map<Integer, ArrayDeque<float[]>> previous = new HashMap<>();
    private int outstanding;

    /** Starts a call: what the last call used becomes available, anything else is dropped. */
    void begin() {
        if (outstanding != 0) {
            throw new IllegalStateException("workspace: " + outstanding + " buffer(s) still taken at the start of a call");
        }
        previous = free;
        free = new HashMap<>();
    }

    /** A buffer of the given shape with arbitrary contents (to be overwritten). */
    Tensor take(int... shape) {
        int size = Shapes.size(shape);
        float[] data = poll(free, size);
        if (data == null) {
            data = poll(previous, size);
        }
        outstanding++;
        return Tensor.wrap(data == null ? new float[size] : data, shape);
    }

    /** Hands a buffer from {@link #take} (or a reshaped view of one) back for reuse within this call and the next. */
    void give(Tensor t) {
        outstanding--;
        free.computeIfAbsent(t.size(), k -> new ArrayDeque<>()).push(t.data());
    }

    /** Bytes held in buffers kept for reuse (those given back). */
    long bytes() {
        long floats = 0;
        for (Map<Integer, ArrayDeque<float[]>> pool : List.of(free, previous)) {
            for (Map.Entry<Integer, ArrayDeque<float[]>> e : pool.entrySet()) {
                floats += (long) e.getKey() * e.getValue().size();
            }
        }
        return 4 * floats;
    }

    private static float[] poll(Map<Integer, ArrayDeque<float[]>> pool, int size) {
        ArrayDeque<float[]> buffers = pool.get(size);
        return buffers == null ? null : buffers.poll();
    }
}
