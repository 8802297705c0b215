package dev.jgan.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The team behind Parallel, built at three threads whatever the machine has; a lost wake-up fails by the timeout. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WorkerTeamTest {
    private final WorkerTeam team = new WorkerTeam(3);

    @Test
    void everyIndexRunsOnceInRegionsBackToBackAndAfterTheWorkersParked() throws InterruptedException {
        for (int region = 0; region < 300; region++) {
            int n = 1 + region * 7 % 50;
            int chunks = 1 + region % 5;
            AtomicIntegerArray hits = new AtomicIntegerArray(n);
            team.run(n, chunks, (start, end) -> {
                for (int i = start; i < end; i++) {
                    hits.incrementAndGet(i);
                }
            });
            for (int i = 0; i < n; i++) {
                assertEquals(1, hits.get(i), "index " + i + " of " + n + ", region " + region);
            }
            if (region % 50 == 49) {
                // longer than the spin: the workers park and must be woken
                Thread.sleep(2 * WorkerTeam.SPIN_NANOS / 1_000_000 + 5);
            }
        }
    }

    @Test
    void chunksRunOnSeveralThreadsWithTheirFixedBounds() {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        Set<String> bounds = ConcurrentHashMap.newKeySet();
        team.run(30, 3, (start, end) -> {
            threads.add(Thread.currentThread());
            bounds.add(start + "-" + end);
            sleep(50);
        });
        assertEquals(Set.of("0-10", "10-20", "20-30"), bounds);
        assertTrue(threads.size() >= 2, "chunks ran on " + threads);
    }

    @Test
    void workersLeftOutRunNoChunksUntilTheyAreLetBackIn() {
        for (int participants = 1; participants <= 3; participants++) {
            team.participants(participants);
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            Set<String> bounds = ConcurrentHashMap.newKeySet();
            for (int region = 0; region < 20; region++) {
                team.run(30, 3, (start, end) -> {
                    threads.add(Thread.currentThread());
                    bounds.add(start + "-" + end);
                    sleep(5);
                });
            }
            assertEquals(Set.of("0-10", "10-20", "20-30"), bounds, participants + " participant(s)");
            if (participants == 1) {
                assertEquals(Set.of(Thread.currentThread()), threads, "only the caller runs chunks");
            } else {
                assertTrue(threads.size() >= 2 && threads.size() <= participants,
                        participants + " participants, chunks ran on " + threads);
            }
        }
        team.participants(3);
    }

    @Test
    void aChunksExceptionReachesTheCallerAfterEveryChunkRan() {
        IllegalArgumentException thrown = new IllegalArgumentException("chunk 2 failed");
        AtomicIntegerArray ran = new AtomicIntegerArray(4);
        var e = assertThrows(IllegalArgumentException.class, () -> team.run(4, 4, (start, end) -> {
            ran.incrementAndGet(start);
            if (start == 2) {
                throw thrown;
            }
        }));
        assertSame(thrown, e);
        for (int c = 0; c < 4; c++) {
            assertEquals(1, ran.get(c), "chunk " + c);
        }
        AtomicIntegerArray after = new AtomicIntegerArray(6);
        team.run(6, 3, (start, end) -> {
            for (int i = start; i < end; i++) {
                after.incrementAndGet(i);
            }
        });
        for (int i = 0; i < 6; i++) {
            assertEquals(1, after.get(i), "the next region, index " + i);
        }
    }

    @Test
    void codeInsideAChunkKnowsItIsInsideARegion() {
        assertFalse(team.insideRegion());
        AtomicIntegerArray inside = new AtomicIntegerArray(3);
        team.run(3, 3, (start, end) -> {
            inside.set(start, team.insideRegion() ? 1 : 0);
            sleep(20);
        });
        for (int c = 0; c < 3; c++) {
            assertEquals(1, inside.get(c), "chunk " + c);
        }
        assertFalse(team.insideRegion());
    }

    @Test
    void aSecondCallerRunsItsChunksInOrderOnItsOwnThreadWhileARegionRuns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread first = holdTeamUntil(release);
        List<String> order = new ArrayList<>();
        Thread me = Thread.currentThread();
        team.run(9, 3, (start, end) -> {
            assertSame(me, Thread.currentThread());
            order.add(start + "-" + end);
        });
        assertEquals(List.of("0-3", "3-6", "6-9"), order);
        release.countDown();
        join(first);
    }

    @Test
    void loopsInsideASecondCallersChunksRunInlineAsEverywhereElse() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread first = holdTeamUntil(release);
        List<String> nested = new ArrayList<>();
        team.run(2, 2, (start, end) -> {
            assertTrue(team.insideRegion(), "a chunk run in order by a second caller is inside a region");
            if (start == 0) {
                // free the team: a nested loop must still run inline, as one range, not as its own region
                release.countDown();
                join(first);
                nestedRun(nested);
            }
        });
        assertEquals(List.of("0-9"), nested);
    }

    /** Another thread that runs a region whose chunks wait for {@code release}; returned once the region runs. */
    private Thread holdTeamUntil(CountDownLatch release) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        Thread first = new Thread(() -> team.run(2, 2, (start, end) -> {
            running.countDown();
            await(release);
        }));
        first.start();
        assertTrue(running.await(10, TimeUnit.SECONDS));
        return first;
    }

    private void nestedRun(List<String> ranges) {
        if (team.insideRegion()) {
            ranges.add("0-9");
            return;
        }
        team.run(9, 3, (start, end) -> {
            synchronized (ranges) {
                ranges.add(start + "-" + end);
            }
        });
    }

    private static void join(Thread thread) {
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        assertFalse(thread.isAlive());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
