package dev.jgan.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The caching allocator over a fake device memory with a capacity. */
class CachingAllocatorTest {
    /** Hands out increasing addresses until {@code capacity} bytes are in use, then fails like cuMemAlloc. */
    private static final class FakeMemory implements DeviceMemory {
        final long capacity;
        final Map<Long, Long> blocks = new HashMap<>();
        long next = 1 << 20;
        long used;
        int allocations;

        FakeMemory(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public long allocate(long bytes) {
            if (used + bytes > capacity) {
                throw new CudaException("cuMemAlloc", CudaCheck.OUT_OF_MEMORY, "CUDA_ERROR_OUT_OF_MEMORY", "out of memory");
            }
            allocations++;
            used += bytes;
            long address = next;
            next += bytes;
            blocks.put(address, bytes);
            return address;
        }

        @Override
        public void free(long address) {
            used -= blocks.remove(address);
        }
    }

    @Test
    void sizeClassesArePowersOfTwoFrom256Bytes() {
        assertEquals(8, CachingAllocator.sizeClass(0));
        assertEquals(8, CachingAllocator.sizeClass(1));
        assertEquals(8, CachingAllocator.sizeClass(256));
        assertEquals(9, CachingAllocator.sizeClass(257));
        assertEquals(20, CachingAllocator.sizeClass(1 << 20));
        assertEquals(21, CachingAllocator.sizeClass((1 << 20) + 1));
        assertThrows(IllegalArgumentException.class, () -> CachingAllocator.sizeClass(-1));
    }

    @Test
    void releasedBlocksAreReusedWithinTheirClass() {
        FakeMemory memory = new FakeMemory(1 << 30);
        CachingAllocator allocator = new CachingAllocator(memory);
        long a = allocator.allocate(1000);
        allocator.release(a, CachingAllocator.sizeClass(1000));
        assertEquals(1024, allocator.cachedBytes());
        assertEquals(a, allocator.allocate(900));  // same 1 KiB class
        assertEquals(1, memory.allocations);
        long b = allocator.allocate(5000);           // another class: a new block
        assertNotEquals(a, b);
        assertEquals(2, memory.allocations);
        assertEquals(1024 + 8192, allocator.liveBytes());
        assertEquals(0, allocator.cachedBytes());
    }

    @Test
    void outOfMemoryFreesTheCacheAndRetriesOnce() {
        FakeMemory memory = new FakeMemory(4096);
        CachingAllocator allocator = new CachingAllocator(memory);
        long a = allocator.allocate(2048);
        allocator.release(a, CachingAllocator.sizeClass(2048));
        allocator.allocate(4096);  // fits only after the cached 2 KiB block is freed
        assertEquals(0, allocator.cachedBytes());
        assertEquals(4096, memory.used);
        CudaException e = assertThrows(CudaException.class, () -> allocator.allocate(256));
        assertEquals(CudaCheck.OUT_OF_MEMORY, e.code());
        assertTrue(e.getMessage().contains("cuMemAlloc") && e.getMessage().contains("CUDA_ERROR_OUT_OF_MEMORY"));
    }

    @Test
    void closeFreesEveryCachedBlock() {
        FakeMemory memory = new FakeMemory(1 << 30);
        CachingAllocator allocator = new CachingAllocator(memory);
        for (int bytes : new int[] {100, 300, 70_000, 1 << 22}) {
            allocator.release(allocator.allocate(bytes), CachingAllocator.sizeClass(bytes));
        }
        assertTrue(memory.used > 0);
        allocator.close();
        assertEquals(0, memory.used);
        assertEquals(0, allocator.cachedBytes());
    }
}
