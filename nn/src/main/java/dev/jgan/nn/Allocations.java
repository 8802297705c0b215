package dev.jgan.nn;

import dev.jgan.tensor.TensorAllocations;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Allocation totals of this JVM: heap bytes allocated by all threads (the kernels' pool
 * workers included), and the tensor value arrays allocated (counted only with
 * {@code -Djgan.countTensors=true}, else -1). Take one before and one after a piece of
 * work; {@link #minus} gives what the work allocated.
 *
 * @param heapBytes   bytes allocated on the heap, or -1 where the JVM cannot tell
 * @param tensors     tensor value arrays allocated, or -1 when not counted
 * @param tensorBytes bytes of those arrays' values, or -1 when not counted
 */
public record Allocations(long heapBytes, long tensors, long tensorBytes) {
    private static final com.sun.management.ThreadMXBean THREADS = threadBean();

    /** The totals since the JVM started. */
    public static Allocations now() {
        long heap = THREADS == null ? -1 : THREADS.getTotalThreadAllocatedBytes();
        return TensorAllocations.enabled()
                ? new Allocations(heap, TensorAllocations.count(), TensorAllocations.bytes())
                : new Allocations(heap, -1, -1);
    }

    /** What was allocated between {@code earlier} and this (unknown stays -1). */
    public Allocations minus(Allocations earlier) {
        return new Allocations(difference(heapBytes, earlier.heapBytes), difference(tensors, earlier.tensors),
                difference(tensorBytes, earlier.tensorBytes));
    }

    /** The totals of this and {@code other} together (unknown stays -1). */
    public Allocations plus(Allocations other) {
        return new Allocations(sum(heapBytes, other.heapBytes), sum(tensors, other.tensors),
                sum(tensorBytes, other.tensorBytes));
    }

    /** Each total divided by {@code parts} (unknown stays -1), for a per-step figure. */
    public Allocations per(long parts) {
        return new Allocations(share(heapBytes, parts), share(tensors, parts), share(tensorBytes, parts));
    }

    /** For example "12.3 MB allocated, 40 tensors (11.9 MB)", or "... (tensors not counted)". */
    public String describe() {
        String heap = heapBytes < 0 ? "heap allocation unknown" : megabytes(heapBytes) + " allocated";
        String counted = tensors < 0 ? "tensors not counted (run with -Djgan.countTensors=true)"
                : tensors + " tensors (" + megabytes(tensorBytes) + ")";
        return heap + ", " + counted;
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.3f MB", bytes / 1e6);
    }

    private static long difference(long later, long earlier) {
        return later < 0 || earlier < 0 ? -1 : later - earlier;
    }

    private static long sum(long a, long b) {
        return a < 0 || b < 0 ? -1 : a + b;
    }

    private static long share(long total, long parts) {
        return total < 0 ? -1 : Math.round((double) total / parts);
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                && bean.isThreadAllocatedMemorySupported()) {
            bean.setThreadAllocatedMemoryEnabled(true);
            return bean;
        }
        return null;
    }
}
