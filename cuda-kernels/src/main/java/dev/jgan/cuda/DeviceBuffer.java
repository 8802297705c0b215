package dev.jgan.cuda;

import static org.bytedeco.cuda.global.cudart.cuMemcpyDtoDAsync;
import static org.bytedeco.cuda.global.cudart.cuMemcpyDtoHAsync;
import static org.bytedeco.cuda.global.cudart.cuMemcpyHtoDAsync;
import static org.bytedeco.cuda.global.cudart.cuMemsetD32Async;

import org.bytedeco.javacpp.FloatPointer;

/**
 * A run of float32 values in device memory, from the context's caching allocator.
 * Copies are ordered on the context's stream and wait for it, so a download sees the
 * results of every kernel launched before it; they go through the context's host staging buffer.
 * Closing returns the block to the allocator.
 */
public final class DeviceBuffer implements AutoCloseable {
    private final CudaContext context;
    private final long address;
    private final int floats;
    private final int sizeClass;
    private boolean closed;

    DeviceBuffer(CudaContext context, int floats) {
        if (floats < 0) {
            throw new IllegalArgumentException("negative buffer length " + floats);
        }
        this.context = context;
        this.floats = floats;
        long bytes = Math.max(1L, (long) floats * Float.BYTES);
        this.sizeClass = CachingAllocator.sizeClass(bytes);
        this.address = context.allocator().allocate(bytes);
    }

    /** Device address of the first value. */
    public long address() {
        requireOpen();
        return address;
    }

    /** Number of float32 values. */
    public int length() {
        return floats;
    }

    /** Copies {@code length()} values from {@code source} into the buffer. */
    public void upload(float[] source) {
        requireLength("source", source.length);
        context.makeCurrent();
        FloatPointer host = context.hostStaging().floats(floats);
        host.put(source, 0, floats);
        CudaCheck.check(cuMemcpyHtoDAsync(address(), host, bytes(), context.stream()), "cuMemcpyHtoDAsync");
        context.synchronize();
    }

    /** Copies the buffer into {@code target} after every earlier operation on the stream. */
    public void download(float[] target) {
        requireLength("target", target.length);
        context.makeCurrent();
        FloatPointer host = context.hostStaging().floats(floats);
        CudaCheck.check(cuMemcpyDtoHAsync(host, address(), bytes(), context.stream()), "cuMemcpyDtoHAsync");
        context.synchronize();
        host.get(target, 0, floats);
    }

    /** Copies {@code source} (the same length) into the buffer, queued on the stream after earlier work. */
    public void copyFrom(DeviceBuffer source) {
        requireLength("source", source.length());
        copyFrom(source, 0);
    }

    /** Copies {@code source} into the buffer from value {@code offset} on, queued on the stream after earlier work. */
    public void copyFrom(DeviceBuffer source, int offset) {
        if (offset < 0 || (long) offset + source.length() > floats) {
            throw new IllegalArgumentException(source.length() + " values at " + offset + " do not fit the device buffer"
                    + " of " + floats);
        }
        if (source.length() == 0) {
            return;
        }
        context.makeCurrent();
        CudaCheck.check(cuMemcpyDtoDAsync(address() + (long) offset * Float.BYTES, source.address(),
                (long) source.length() * Float.BYTES, context.stream()), "cuMemcpyDtoDAsync");
    }

    /** Sets every value to {@code value} (e.g. NaN to poison an output before a kernel). */
    public void fill(float value) {
        context.makeCurrent();
        CudaCheck.check(cuMemsetD32Async(address(), Float.floatToRawIntBits(value), floats, context.stream()),
                "cuMemsetD32Async");
    }

    private long bytes() {
        return (long) floats * Float.BYTES;
    }

    private void requireLength(String what, int length) {
        if (length != floats) {
            throw new IllegalArgumentException(what + " holds " + length + " values, the device buffer " + floats);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("device buffer already closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            context.allocator().release(address, sizeClass);
        }
    }
}
