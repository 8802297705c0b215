package dev.jgan.nn.autograd;

import dev.jgan.tensor.Tensor;
import java.util.Arrays;

/**
 * One running op: started before its forward computation, finished by {@link #output},
 * which times the forward pass (when profiling) and records the backward closure. An op
 * started with its inputs takes the tensors it makes ({@link #buffer}) from the active
 * {@link BufferPool} when it will be recorded; otherwise they are new.
 */
final class Op {
    private static final Lease[] NONE = {};

    private final String name;
    private final long start;
    private final BufferPool pool;
    private Lease[] taken = NONE;

    private Op(String name, long start, BufferPool pool) {
        this.name = name;
        this.start = start;
        this.pool = pool;
    }

    /** An op whose tensors are all new. */
    static Op begin(String name) {
        return new Op(name, Profiler.start(), null);
    }

    /** An op on {@code inputs} (null entries allowed) whose {@link #buffer}s are pooled when it will be recorded. */
    static Op begin(String name, Var... inputs) {
        BufferPool active = BufferPool.active();
        return new Op(name, Profiler.start(), active != null && Var.recording(inputs) ? active : null);
    }

    /**
     * A tensor of {@code shape} for the op to write all of (its output, or a tensor its
     * backward keeps): from the pool, with old values, or new (zeros). The recorded node
     * holds it until backward() frees the node.
     */
    Tensor buffer(int... shape) {
        if (pool == null) {
            return Tensor.zeros(shape);
        }
        Lease lease = pool.take(shape);
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
