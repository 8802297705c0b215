package dev.jgan.nn.autograd;

import dev.jgan.tensor.Tensor;

/**
 * One running op: started before its forward computation, finished by {@link #output},
 * which times the forward pass (when profiling) and records the backward closure.
 */
final class Op {
    private final String name;
    private final long start;

    private Op(String name, long start) {
        this.name = name;
        this.start = start;
    }

    static Op begin(String name) {
        return new Op(name, Profiler.start());
    }

    /** The op's result {@code y}; {@code backward} runs later with dL/dy. */
    Var output(Tensor y, Var.Backward backward, Var... inputs) {
        Profiler.stop(name, y, Profiler.Phase.FORWARD, start);
        return Var.result(y, name, backward, inputs);
    }
}
