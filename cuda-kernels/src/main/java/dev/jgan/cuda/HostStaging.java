package dev.jgan.cuda;

import org.bytedeco.javacpp.FloatPointer;

/**
 * The native host buffer a context copies through between Java arrays and device memory, kept and grown
 * to the largest copy so far instead of allocated and freed for every upload and download (a DCGAN step
 * uploads a batch of images each time). Each copy waits for its transfer before returning, so one buffer
 * serves every copy of the context in turn.
 */
final class HostStaging implements AutoCloseable {
    private FloatPointer buffer = new FloatPointer(1);

    /** A buffer of at least {@code floats} values (at least one), valid until the next call. */
    FloatPointer floats(int floats) {
        long wanted = Math.max(1, floats);
        if (buffer.capacity() < wanted) {
            buffer.close();
            buffer = new FloatPointer(wanted);
        }
        return buffer;
    }

    @Override
    public void close() {
        buffer.close();
    }
}
