package dev.jgan.bench.sidebyside;

import dev.jgan.tensor.Parallel;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Binds each thread that runs jgan's kernels (the calling thread and the pool's workers) to a CPU of
 * its own, with Linux's {@code sched_setaffinity} called through the FFM API. Unbound, after another
 * process's turn the scheduler can leave jgan's two threads on one CPU for several milliseconds
 * (measured on a 2-CPU virtual machine: sub-millisecond passes 1.3-1.5x slower over a 10 ms turn,
 * and as fast as in a loop once bound), which times the scheduler rather than the kernels.
 * PyTorch's turns showed no such penalty, and binding its OpenMP threads (OMP_PROC_BIND=true
 * OMP_PLACES=threads in the environment) left its times as they were, so they are left to OpenMP's
 * settings. Bind after starting the PyTorch process: a child inherits the CPUs of the thread that
 * starts it.
 */
final class ThreadPinning {
    /** Bytes of a cpu_set_t: 1024 CPUs. */
    private static final long CPU_SET_BYTES = 128;
    private static final long PIN_TIMEOUT_SECONDS = 10;

    private ThreadPinning() {}

    /**
     * Binds the calling thread and each worker of jgan's pool to one of the CPUs this process may run
     * on, a different one each (the lowest-numbered first); returns those CPUs.
     */
    static List<Integer> pinKernelThreads() {
        Linker linker = Linker.nativeLinker();
        MethodHandle getAffinity = function(linker, "sched_getaffinity");
        MethodHandle setAffinity = function(linker, "sched_setaffinity");
        int threads = Parallel.threads();
        List<Integer> cpus = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment allowed = arena.allocate(CPU_SET_BYTES);
            // the process's first thread (the launcher's, never bound here): this thread may be bound already
            check((int) getAffinity.invokeExact((int) ProcessHandle.current().pid(), CPU_SET_BYTES, allowed),
                    "sched_getaffinity");
            for (int cpu = 0; cpu < 8 * CPU_SET_BYTES && cpus.size() < threads; cpu++) {
                if ((allowed.get(ValueLayout.JAVA_BYTE, cpu / 8) & (1 << (cpu % 8))) != 0) {
                    cpus.add(cpu);
                }
            }
        } catch (Throwable e) {
            throw failure(e);
        }
        if (cpus.size() < threads) {
            throw new IllegalStateException("--pin: " + threads + " kernel threads but this process may run on "
                    + cpus.size() + " CPU(s) only");
        }
        // one chunk per thread: each waits until every chunk has started, so no thread takes two
        CountDownLatch started = new CountDownLatch(threads);
        Parallel.forRange(threads, 1, (from, to) -> {
            for (int chunk = from; chunk < to; chunk++) {
                started.countDown();
                await(started);
                bindCallingThread(setAffinity, cpus.get(chunk));
            }
        });
        return cpus;
    }

    private static void bindCallingThread(MethodHandle setAffinity, int cpu) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(CPU_SET_BYTES);
            mask.set(ValueLayout.JAVA_BYTE, cpu / 8, (byte) (1 << (cpu % 8)));
            check((int) setAffinity.invokeExact(0, CPU_SET_BYTES, mask), "sched_setaffinity");
        } catch (Throwable e) {
            throw failure(e);
        }
    }

    private static MethodHandle function(Linker linker, String name) {
        MemorySegment address = linker.defaultLookup().find(name)
                .orElseThrow(() -> new IllegalStateException("--pin needs Linux: no " + name + " in the C library"));
        return linker.downcallHandle(address,
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
    }

    private static void check(int result, String call) {
        if (result != 0) {
            throw new IllegalStateException("--pin: " + call + " failed");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(PIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("--pin: the kernel threads did not all start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("--pin: interrupted", e);
        }
    }

    private static IllegalStateException failure(Throwable e) {
        return e instanceof IllegalStateException ise ? ise : new IllegalStateException("--pin: " + e, e);
    }
}
