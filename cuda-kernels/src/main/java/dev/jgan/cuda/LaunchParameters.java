package dev.jgan.cuda;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Native memory for the parameter values of one kernel launch and the table of their addresses that
 * cuLaunchKernel reads. cuLaunchKernel copies the values before it returns, so a context writes every
 * launch into the same block instead of allocating native memory for each parameter of each launch.
 * Each value starts at a multiple of 8 bytes, which every kernel parameter type needs at most.
 */
final class LaunchParameters implements AutoCloseable {
    /** Parameters of the longest kernel signature, with room to spare. */
    static final int MAX_PARAMETERS = 16;
    private static final int SLOT_BYTES = Long.BYTES;
    private static final int BYTES = MAX_PARAMETERS * SLOT_BYTES + ConvShape.FIELDS * Integer.BYTES;

    private final BytePointer values = new BytePointer(BYTES);
    private final LongPointer addresses = new LongPointer(MAX_PARAMETERS);
    private final PointerPointer<Pointer> table = new PointerPointer<>(addresses);
    private int count;
    private long used;

    /** Forgets the previous launch's values. */
    void clear() {
        count = 0;
        used = 0;
    }

    void addLong(long value) {
        values.putLong(next(Long.BYTES), value);
    }

    void addInt(int value) {
        values.putInt(next(Integer.BYTES), value);
    }

    /** A struct of ints passed by value. */
    void addInts(int[] ints) {
        long at = next((long) ints.length * Integer.BYTES);
        for (int i = 0; i < ints.length; i++) {
            values.putInt(at + (long) i * Integer.BYTES, ints[i]);
        }
    }

    /** The address of each value added since {@link #clear()}, in order. */
    PointerPointer<Pointer> table() {
        return table;
    }

    /** The byte offset of the next value of {@code bytes}, its address recorded in the table. */
    private long next(long bytes) {
        if (count == MAX_PARAMETERS || used + bytes > BYTES) {
            throw new IllegalStateException("kernel parameters exceed " + MAX_PARAMETERS + " values or " + BYTES
                    + " bytes");
        }
        long at = used;
        addresses.put(count++, values.address() + at);
        used = (at + bytes + SLOT_BYTES - 1) / SLOT_BYTES * SLOT_BYTES;
        return at;
    }

    @Override
    public void close() {
        table.close();
        addresses.close();
        values.close();
    }
}
