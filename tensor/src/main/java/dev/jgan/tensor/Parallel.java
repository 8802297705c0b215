package dev.jgan.tensor;

/**
 * The threads every kernel shares, as many as the machine's cores (system property
 * {@code jgan.threads} overrides it): the calling thread and a team of workers ({@link WorkerTeam}).
 *
 * <p>Work is split into a fixed number of contiguous chunks decided only by the range
 * and the thread count, so the same inputs and thread count give the same chunks and
 * therefore bit-identical results, whichever thread runs which chunk.
 */
public final class Parallel {
    /** A body that handles indices [start, end). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    private static final int THREADS = configuredThreads();
    private static final WorkerTeam TEAM = THREADS > 1 ? new WorkerTeam(THREADS) : null;

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
     * Runs the parallel loops that follow on {@code count} of the {@link #threads()} threads (at least one),
     * until called again; the work is still cut into the same chunks, so results keep their bits.
     */
    public static void runOn(int count) {
        if (TEAM != null) {
            TEAM.participants(count);
        }
    }

    /**
     * Runs {@code body} over [0, n) in at most {@link #threads()} chunks of at least
     * {@code minChunk} indices each; small ranges, and loops inside a chunk of another,
     * run on the calling thread.
     */
    public static void forRange(int n, int minChunk, RangeBody body) {
        int chunks = chunkCount(n, minChunk);
        if (chunks <= 1 || TEAM == null || TEAM.insideRegion()) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        TEAM.run(n, chunks, body);
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
}
