package dev.jgan.tensor;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * The one thread pool every kernel shares, sized to the machine's cores
 * (system property {@code jgan.threads} overrides it).
 *
 * <p>Work is split into a fixed number of contiguous chunks decided only by the range
 * and the thread count, so the same inputs and thread count give the same chunks and
 * therefore bit-identical results.
 */
public final class Parallel {
    /** A body that handles indices [start, end). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    private static final int THREADS = configuredThreads();
    private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS) : null;

    private Parallel() {}

    private static int configuredThreads() {
        String property = System.getProperty("jgan.threads");
        if (property == null || property.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(property.trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("jgan.threads must be a positive integer, got '" + property + "'");
        }
    }

    public static int threads() {
        return THREADS;
    }

    /**
     * Runs {@code body} over [0, n) in at most {@link #threads()} chunks of at least
     * {@code minChunk} indices each; small ranges run on the calling thread.
     */
    public static void forRange(int n, int minChunk, RangeBody body) {
        int chunks = chunkCount(n, minChunk);
        if (chunks <= 1 || POOL == null || ForkJoinTask.getPool() == POOL) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        POOL.invoke(new Chunks(n, chunks, 0, chunks, body));
    }

    /** How many chunks {@link #forRange} splits [0, n) into. */
    public static int chunkCount(int n, int minChunk) {
        if (n <= 0) {
            return 0;
        }
        return (int) Math.max(1, Math.min(THREADS, n / (long) Math.max(1, minChunk)));
    }

    /** Start of chunk {@code c} of {@code chunks} over [0, n): sizes differ by at most one. */
    public static int chunkStart(int n, int chunks, int c) {
        return (int) ((long) n * c / chunks);
    }

    private static final class Chunks extends RecursiveAction {
        private final int n;
        private final int chunks;
        private final int from;
        private final int to;
        private final RangeBody body;

        Chunks(int n, int chunks, int from, int to, RangeBody body) {
            this.n = n;
            this.chunks = chunks;
            this.from = from;
            this.to = to;
            this.body = body;
        }

        @Override
        protected void compute() {
            if (to - from == 1) {
                body.run(chunkStart(n, chunks, from), chunkStart(n, chunks, to));
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new Chunks(n, chunks, from, mid, body), new Chunks(n, chunks, mid, to, body));
        }
    }
}
