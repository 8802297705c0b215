package dev.jgan.tensor.kernels;

/**
 * Minimum work per parallel chunk, in elements: below this a range runs on the calling
 * thread, because handing it to the other threads costs more than it saves.
 */
final class Grain {
    /** Cheap, memory-bound element ops (add, mul, relu, scale-shift, copies). */
    static final int CHEAP = 1 << 15;
    /** Ops with a transcendental per element (exp, tanh, sigmoid, log). */
    static final int TRANSCENDENTAL = 1 << 12;

    private Grain() {}

    /** Minimum chunk, in units of {@code unitSize} elements, for a loop over such units. */
    static int units(int grain, int unitSize) {
        return Math.max(1, grain / Math.max(1, unitSize));
    }
}
