package dev.jgan.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AllocationsTest {
    private static volatile float[] sink;

    @Test
    void heapBytesCoverAnArrayAllocatedInBetween() {
        Allocations before = Allocations.now();
        sink = new float[4_000_000];
        Allocations allocated = Allocations.now().minus(before);
        assertTrue(allocated.heapBytes() >= 16_000_000L, allocated.describe());
        assertEquals(16_000_000, sink.length * 4);
    }

    @Test
    void unknownTotalsStayUnknown() {
        Allocations known = new Allocations(100, 4, 40);
        Allocations uncounted = new Allocations(60, -1, -1);
        assertEquals(new Allocations(40, -1, -1), known.minus(uncounted));
        assertEquals(new Allocations(160, -1, -1), known.plus(uncounted));
        assertEquals(new Allocations(33, 1, 13), known.per(3));
        assertTrue(uncounted.describe().contains("tensors not counted"), uncounted.describe());
        assertTrue(known.describe().contains("4 tensors (0.000 MB)"), known.describe());
    }
}
