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

    /**
     * The op's result {@code y}; {@code backward} runs later with dL/dy. It must capture
     * its inputs' nodes ({@link Var#node()}) and the tensors its math needs, not the input
     * Vars, so that the graph keeps nothing else alive.
     */
    Var output(Tensor y, Node.Backward backward, Var... inputs) {
        Profiler.stop(name, y.shape(), Profiler.Phase.FORWARD, start);
        return Var.result(y, name, backward, inputs);
    }
}
