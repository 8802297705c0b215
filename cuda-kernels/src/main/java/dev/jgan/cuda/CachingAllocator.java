package dev.jgan.cuda;

import java.util.ArrayDeque;

/**
 * Device memory in power-of-two size classes (256 bytes and up), with a free list per class:
 * a released block is kept and handed to the next request of its class instead of being
 * freed. Reuse is safe because every kernel and copy runs on the context's one stream, in order.
 * When the device runs out of memory, all cached blocks are freed and the request retried once.
 * Not thread-safe, like its {@link CudaContext}.
 */
final class CachingAllocator implements AutoCloseable {
    static final int MIN_CLASS = 8;   // 256 bytes
    static final int MAX_CLASS = 40;  // 1 TiB

    private final DeviceMemory memory;
    @SuppressWarnings("unchecked")
    private final ArrayDeque<Long>[] free = new ArrayDeque[MAX_CLASS + 1];
    private long cachedBytes;
    private long liveBytes;

    CachingAllocator(DeviceMemory memory) {
        this.memory = memory;
        for (int c = MIN_CLASS; c <= MAX_CLASS; c++) {
            free[c] = new ArrayDeque<>();
        }
    }

    /** The size class (log2 of the block size) serving a request of {@code bytes}. */
    static int sizeClass(long bytes) {
        if (bytes < 0 || bytes > 1L << MAX_CLASS) {
            throw new IllegalArgumentException("cannot allocate " + bytes + " bytes of device memory");
        }
        int c = bytes <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(bytes - 1);
        return Math.max(MIN_CLASS, c);
    }

    /** A block of at least {@code bytes}; give it back with {@link #release}. */
    long allocate(long bytes) {
        int c = sizeClass(bytes);
        Long cached = free[c].poll();
        if (cached != null) {
            cachedBytes -= 1L << c;
            liveBytes += 1L << c;
            return cached;
        }
        long address;
        try {
            address = memory.allocate(1L << c);
        } catch (CudaException e) {
            if (e.code() != CudaCheck.OUT_OF_MEMORY || cachedBytes == 0) {
                throw e;
            }
            freeCached();
            address = memory.allocate(1L << c);
        }
        liveBytes += 1L << c;
        return address;
    }

    /** Returns a block from {@link #allocate} of size class {@code sizeClass} to its free list. */
    void release(long address, int sizeClass) {
        free[sizeClass].push(address);
        liveBytes -= 1L << sizeClass;
        cachedBytes += 1L << sizeClass;
    }

    /** Frees every cached block. */
    void freeCached() {
        for (int c = MIN_CLASS; c <= MAX_CLASS; c++) {
            for (Long address; (address = free[c].poll()) != null; ) {
                memory.free(address);
            }
        }
        cachedBytes = 0;
    }

    /** Bytes held in free lists. */
    long cachedBytes() {
        return cachedBytes;
    }

    /** Bytes handed out and not yet released. */
    long liveBytes() {
        return liveBytes;
    }

    /** Frees the cached blocks; blocks still live are freed with the context. */
    @Override
    public void close() {
        freeCached();
    }
}
