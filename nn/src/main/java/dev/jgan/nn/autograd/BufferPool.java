package dev.jgan.nn.autograd;

import dev.jgan.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Value arrays reused from one training step to the next. While a pool is in use on a thread
 * ({@link #use()}), the ops that record a graph take their outputs, the tensors their
 * backward passes keep, and the gradients backward() computes from it; backward() gives
 * each array back once nothing can read it any more. A step that repeats the shapes of the
 * one before allocates no new tensors.
 *
 * <p>Ownership: a pooled tensor goes back to the pool only when the node that made it and
 * every recorded op that read it have been freed by backward(), and only if it never
 * escaped: {@link Var#value()} and {@link Var#grad()} hand out a tensor the caller may keep,
 * which is then never reused. A Var whose tensor went back throws on any later use (value(),
 * item(), as an op's input), so a stale value is never read silently: read results before
 * backward(), or keep them with value(). {@link Var#lentValue()} and {@link Var#lentGrad()}
 * lend a tensor without letting it escape, for reading during the call only.
 *
 * <p>Results that join no graph (ops on constants only, and {@link Var#pooledConstant}s: one-hot
 * label planes, inputs concatenated with them) are held by the {@link #use()} scope instead: their
 * arrays come back when the scope closes, once no graph node that read them is left.
 *
 * <p>Not thread-safe: a pool serves one thread at a time (a training loop), though the
 * kernels it feeds run on the shared pool of workers.
 */
public final class BufferPool {
    private static final ThreadLocal<BufferPool> ACTIVE = new ThreadLocal<>();

    /** Free arrays of one length. */
    private record Bucket(int length, ArrayDeque<float[]> arrays) {}

    private final List<Bucket> free = new ArrayList<>();
    /** Leases the open {@link #use()} scopes hold, innermost last. */
    private final List<Lease> scoped = new ArrayList<>();
    private Lease passing;
    private long created;

    /**
     * Ops on this thread take their tensors from this pool until the returned scope is closed;
     * closing it lets go of the tensors it held ({@link #takeScoped}).
     */
    public Grad.Scope use() {
        Grad.Scope previous = during(this);
        int mark = scoped.size();
        return () -> {
            previous.close();
            for (int i = scoped.size() - 1; i >= mark; i--) {
                scoped.remove(i).release();
            }
        };
    }

    /** Arrays this pool has had to allocate (in steady state, this stops growing). */
    public long created() {
        return created;
    }

    /** Arrays waiting to be reused. */
    public int idle() {
        int idle = 0;
        for (Bucket b : free) {
            idle += b.arrays().size();
        }
        return idle;
    }

    /** The pool the current thread's ops take from, or null. */
    static BufferPool active() {
        return ACTIVE.get();
    }

    /** Makes {@code pool} (null for none) the current thread's until the scope is closed. */
    static Grad.Scope during(BufferPool pool) {
        BufferPool previous = ACTIVE.get();
        ACTIVE.set(pool);
        return () -> ACTIVE.set(previous);
    }

    /** A tensor of {@code shape} whose values are left from earlier use: its taker overwrites them all. */
    Lease take(int... shape) {
        int length = 1;
        for (int d : shape) {
            length *= d;
        }
        ArrayDeque<float[]> arrays = bucket(length).arrays();
        float[] data;
        if (arrays.isEmpty()) {
            data = Tensor.zeros(length).data();
            created++;
        } else {
            data = arrays.pop();
        }
        return new Lease(this, Tensor.wrap(data, shape));
    }

    /** A tensor of {@code shape} with old values, held until the innermost open {@link #use()} scope closes. */
    Lease takeScoped(int... shape) {
        Lease lease = take(shape);
        lease.retain();
        scoped.add(lease);
        return lease;
    }

    /** Backward is about to pass on {@code gradient} (the lease of the dy a closure receives; may be null). */
    void passing(Lease gradient) {
        passing = gradient;
    }

    /**
     * The lease of a contribution a closure passes on unchanged: the dy it received, or a view
     * of it (the only pooled tensors a closure hands to {@link Node#accumulate}); else null.
     */
    Lease leaseOf(Tensor contribution) {
        return passing != null && passing.tensor().data() == contribution.data() ? passing : null;
    }

    /** Takes back an array nothing reads any more. */
    void give(float[] data) {
        assert poison(data);
        bucket(data.length).arrays().push(data);
    }

    /** With assertions on (tests), a returned array holds NaN, so a taker that reads before writing shows up. */
    private static boolean poison(float[] data) {
        Arrays.fill(data, Float.NaN);
        return true;
    }

    private Bucket bucket(int length) {
        for (Bucket b : free) {
            if (b.length() == length) {
                return b;
            }
        }
        Bucket b = new Bucket(length, new ArrayDeque<>());
        free.add(b);
        return b;
    }
}
