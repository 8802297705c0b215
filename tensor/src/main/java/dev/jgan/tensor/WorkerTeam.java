package dev.jgan.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The threads behind {@link Parallel}: the calling thread runs chunks of a region alongside
 * {@code size - 1} worker threads, which claim chunks from a shared counter. A worker that finds
 * no work spins for {@link #SPIN_NANOS} before parking, and so does a caller waiting for the last
 * chunk: kernels follow each other within microseconds in a training step, while waking a parked
 * thread on a virtual machine takes tens of them. One region runs at a time.
 *
 * <p>{@link #participants} can leave some workers out of the regions that follow (they park and claim
 * no chunks), for instance to leave a core to the JIT compiler while it compiles the kernels. The
 * chunks stay the same, so the results do too.
 */
final class WorkerTeam {
    /** How long an idle thread spins before it parks. */
    static final long SPIN_NANOS = 200_000;

    /** One parallel loop: its chunks, who has claimed and finished them, and the first failure. */
    private static final class Region {
        final int n;
        final int chunks;
        final Parallel.RangeBody body;
        final AtomicInteger nextChunk = new AtomicInteger();
        final AtomicInteger unfinished;
        final Thread caller;
        volatile boolean callerParked;
        volatile Throwable failure;

        Region(int n, int chunks, Parallel.RangeBody body, Thread caller) {
            this.n = n;
            this.chunks = chunks;
            this.body = body;
            this.unfinished = new AtomicInteger(chunks);
            this.caller = caller;
        }

        /** Claims and runs chunks until none is left; the thread finishing the last wakes a parked caller. */
        void work() {
            for (int c = nextChunk.getAndIncrement(); c < chunks; c = nextChunk.getAndIncrement()) {
                try {
                    body.run(Parallel.chunkStart(n, chunks, c), Parallel.chunkStart(n, chunks, c + 1));
                } catch (Throwable t) {
                    if (failure == null) {
                        failure = t;
                    }
                } finally {
                    if (unfinished.decrementAndGet() == 0 && callerParked) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }

        /** Spins, then parks, until every chunk has finished. */
        void awaitDone() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (unfinished.get() > 0) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                    continue;
                }
                callerParked = true;
                if (unfinished.get() > 0) {
                    LockSupport.park(this);
                }
                callerParked = false;
            }
        }
    }

    private final class Worker extends Thread {
        /** This worker's place in the team: the caller is 0. */
        final int index;
        volatile boolean parked;

        Worker(int index) {
            super("jgan-worker-" + index);
            this.index = index;
            setDaemon(true);
        }

        @Override
        public void run() {
            Region done = null;
            while (true) {
                Region region = awaitRegion(done);
                if (participates()) {
                    region.work();
                }
                done = region;
            }
        }

        private boolean participates() {
            return index < participants;
        }

        /** Spins (unless left out of the regions), then parks, until a region other than {@code done} is current. */
        private Region awaitRegion(Region done) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (true) {
                Region region = current;
                if (region != null && region != done) {
                    return region;
                }
                if (System.nanoTime() < spinUntil && participates()) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                region = current;
                if (region == null || region == done) {
                    LockSupport.park(this);
                }
                parked = false;
                spinUntil = System.nanoTime() + SPIN_NANOS;
            }
        }
    }

    private final Worker[] workers;
    private final ReentrantLock regionLock = new ReentrantLock();
    /** Whether this thread is running a region's chunks in order itself, the team being busy. */
    private final ThreadLocal<Boolean> runningInOrder = ThreadLocal.withInitial(() -> false);
    private volatile Region current;
    /** Threads that run the regions' chunks, the caller included: workers 1 to participants - 1. */
    private volatile int participants;

    WorkerTeam(int size) {
        participants = size;
        workers = new Worker[size - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].start();
        }
    }

    /** Lets the caller and the first {@code count - 1} workers (at least the caller, at most all) run the regions that follow. */
    void participants(int count) {
        participants = Math.max(1, Math.min(workers.length + 1, count));
    }

    /**
     * Whether the calling thread is running a chunk of a region: a worker, a caller inside its region,
     * or a caller running its chunks in order while the team was busy (so a loop inside a chunk runs
     * inline wherever the chunk runs, and gives the same bits).
     */
    boolean insideRegion() {
        return Thread.currentThread() instanceof Worker || regionLock.isHeldByCurrentThread() || runningInOrder.get();
    }

    /**
     * Runs the chunks of [0, n) with the workers; while another thread's region is running, runs them
     * on the calling thread, in order. A chunk's exception is rethrown here once every chunk is done.
     */
    void run(int n, int chunks, Parallel.RangeBody body) {
        if (!regionLock.tryLock()) {
            runningInOrder.set(true);
            try {
                for (int c = 0; c < chunks; c++) {
                    body.run(Parallel.chunkStart(n, chunks, c), Parallel.chunkStart(n, chunks, c + 1));
                }
            } finally {
                runningInOrder.set(false);
            }
            return;
        }
        Region region = new Region(n, chunks, body, Thread.currentThread());
        try {
            current = region;
            for (Worker worker : workers) {
                if (worker.parked && worker.participates()) {
                    LockSupport.unpark(worker);
                }
            }
            region.work();
            region.awaitDone();
        } finally {
            current = null;
            regionLock.unlock();
        }
        Throwable failure = region.failure;
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }
}
