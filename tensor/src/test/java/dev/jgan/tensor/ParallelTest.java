package dev.jgan.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {

    @Test
    void everyIndexRunsExactlyOnce() {
        for (int n : new int[] {0, 1, 7, 1000, 12_345}) {
            AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(n, 1));
            Parallel.forRange(n, 3, (start, end) -> {
                for (int i = start; i < end; i++) {
                    hits.incrementAndGet(i);
                }
            });
            for (int i = 0; i < n; i++) {
                assertEquals(1, hits.get(i), "index " + i + " of " + n);
            }
        }
    }

    @Test
    void nestedCallsRunOnTheCallingWorker() {
        AtomicIntegerArray hits = new AtomicIntegerArray(100 * 50);
        Parallel.forRange(100, 1, (start, end) -> {
            for (int i = start; i < end; i++) {
                int row = i;
                Parallel.forRange(50, 1, (s, e) -> {
                    for (int j = s; j < e; j++) {
                        hits.incrementAndGet(row * 50 + j);
                    }
                });
            }
        });
        for (int i = 0; i < hits.length(); i++) {
            assertEquals(1, hits.get(i));
        }
    }

    @Test
    void chunksCoverTheRangeWithoutGaps() {
        int n = 1001;
        int chunks = 7;
        assertEquals(0, Parallel.chunkStart(n, chunks, 0));
        assertEquals(n, Parallel.chunkStart(n, chunks, chunks));
        for (int c = 0; c < chunks; c++) {
            int size = Parallel.chunkStart(n, chunks, c + 1) - Parallel.chunkStart(n, chunks, c);
            assertEquals(n / chunks, size, 1);
        }
    }
}
