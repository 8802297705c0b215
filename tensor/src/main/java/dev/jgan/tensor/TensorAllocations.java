package dev.jgan.tensor;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the value arrays {@link Tensor}'s factories and copies allocate, over all threads,
 * when the JVM runs with {@code -Djgan.countTensors=true}; off by default, when counting
 * costs one constant branch per allocation. {@link Tensor#wrap} is not counted: it adopts
 * an array its caller made.
 */
public final class TensorAllocations {
    private static final boolean ENABLED = Boolean.getBoolean("jgan.countTensors");
    private static final LongAdder COUNT = new LongAdder();
    private static final LongAdder FLOATS = new LongAdder();

    private TensorAllocations() {}

    /** Whether this JVM counts ({@code -Djgan.countTensors=true}). */
    public static boolean enabled() {
        return ENABLED;
    }

    /** Value arrays allocated so far (0 when not counting). */
    public static long count() {
        return COUNT.sum();
    }

    /** Bytes of those arrays' values (0 when not counting). */
    public static long bytes() {
        return 4 * FLOATS.sum();
    }

    /** A new value array of {@code size} floats, counted. */
    static float[] newValues(int size) {
        if (ENABLED) {
            COUNT.increment();
            FLOATS.add(size);
        }
        return new float[size];
    }
}
