package dev.jgan.bench.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgan.tensor.Parallel;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadPinningTest {

    @Test
    void eachKernelThreadGetsACpuOfItsOwnAndTheKernelsStillRun() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "sched_setaffinity is Linux's");
        List<Integer> cpus = ThreadPinning.pinKernelThreads();
        assertEquals(Parallel.threads(), cpus.size());
        assertEquals(cpus.size(), new HashSet<>(cpus).size(), "distinct CPUs: " + cpus);
        assertEquals(cpus, ThreadPinning.pinKernelThreads(), "binding again picks the same CPUs");
        int[] sums = new int[64];
        Parallel.forRange(sums.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                sums[i] = i * i;
            }
        });
        assertEquals(63 * 63, sums[63]);
    }
}
