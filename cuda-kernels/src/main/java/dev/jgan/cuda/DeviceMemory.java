package dev.jgan.cuda;

/** Raw device memory: what {@link CachingAllocator} draws from (cuMemAlloc / cuMemFree on a GPU). */
interface DeviceMemory {
    /** A new allocation of exactly {@code bytes}; throws {@link CudaException} when it fails. */
    long allocate(long bytes);

    void free(long address);
}
