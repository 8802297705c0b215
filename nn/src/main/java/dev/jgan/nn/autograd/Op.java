package dev.jgan.nn.autograd;

import dev.jgan.tensor.Tensor;
import java.util.Arrays;

/**
 * One running op: started before its forward computation, finished by {@link #output},
 * which times the forward pass (when profiling) and records the backward closure. An op
 * started with its inputs takes the tensors it makes ({@link #buffer}) from the active
 * {@link BufferPool} when it will be recorded; otherwise they are new, unless it was started with
 * {@link #beginScoped}.
 */
final class Op {
    private static final Lease[] NONE = {};

    private final String name;
    private final long start;
    private final BufferPool pool;
    /** Whether {@link #buffer}s are held by the pool's scope (the result joins no graph) rather than by a node. */
    private final boolean scoped;
    private Lease[] taken = NONE;

    private Op(String name, long start, BufferPool pool, boolean scoped) {
        this.name = name;
        this.start = start;
        this.pool = pool;
        this.scoped = scoped;
    }

    /** An op whose tensors are all new. */
    static Op begin(String name) {
        return new Op(name, Profiler.start(), null, false);
    }

    /** An op on {@code inputs} (null entries allowed) whose {@link #buffer}s are pooled when it will be recorded. */
    static Op begin(String name, Var... inputs) {
        BufferPool active = BufferPool.active();
        return new Op(name, Profiler.start(), active != null && Var.recording(inputs) ? active : null, false);
    }

    /**
     * An op on {@code inputs} whose {@link #buffer}s come from the active {@link BufferPool} whether or
     * not it will be recorded: held by its node when it is, else by the pool's open scope, for ops
     * whose results on constants feed a training step (inputs joined with label planes).
     */
    static Op beginScoped(String name, Var... inputs) {
        BufferPool active = BufferPool.active();
        boolean recorded = Var.recording(inputs);
        return new Op(name, Profiler.start(), active, active != null && !recorded);
    }

    /**
     * A tensor of {@code shape} for the op to write all of (its output, or a tensor its
     * backward keeps): from the pool, with old values, or new (zeros). The recorded node
     * holds it until backward() frees the node; an unrecorded result of {@link #beginScoped}, the
     * pool's scope until it closes.
     */
    Tensor buffer(int... shape) {
        if (pool == null) {
            return Tensor.zeros(shape);
        }
        Lease lease = scoped ? pool.takeScoped(shape) : pool.take(shape);
        taken = Arrays.copyOf(taken, taken.length + 1);
        taken[taken.length - 1] = lease;
        return lease.tensor();
    }

    /**
     * The op's result {@code y}; {@code backward} runs later with dL/dy. It must capture
     * its inputs' nodes ({@link Var#node()}) and the tensors its math needs, not the input
     * Vars, so that the graph keeps nothing else alive.
     */
    Var output(Tensor y, Node.Backward backward, Var... inputs) {
        Profiler.stop(name, y.shape(), Profiler.Phase.FORWARD, start);
        return Var.result(y, name, backward, taken, inputs);
    }
}
