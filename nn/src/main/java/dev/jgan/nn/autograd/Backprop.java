package dev.jgan.nn.autograd;

import dev.jgan.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** The backward pass: order the graph, then run each op's closure from the output back. */
final class Backprop {
    private Backprop() {}

    /** A step of the depth-first search: expand a Var's inputs, or emit it once they are done. */
    private record Visit(Var var, boolean inputsDone) {}

    static void run(Var root, Tensor seed) {
        List<Var> order = topologicalOrder(root);
        root.accumulate(() -> seed);
        for (int i = order.size() - 1; i >= 0; i--) {
            Var v = order.get(i);
            Var.Node node = v.node();
            Tensor dy = v.grad();
            if (dy != null) {
                long start = Profiler.start();
                node.backward().apply(dy);
                Profiler.stop(node.op(), v.value(), Profiler.Phase.BACKWARD, start);
            }
            v.release();
        }
    }

    /**
     * The op results {@code root} depends on, each after every op result it was computed
     * from. Iterative depth-first search, so graph depth is limited by memory, not the stack.
     */
    static List<Var> topologicalOrder(Var root) {
        List<Var> order = new ArrayList<>();
        Set<Var> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Visit> stack = new ArrayDeque<>();
        stack.push(new Visit(root, false));
        while (!stack.isEmpty()) {
            Visit visit = stack.pop();
            Var v = visit.var();
            if (visit.inputsDone()) {
                order.add(v);
                continue;
            }
            if (v.isLeaf() || !seen.add(v)) {
                continue;
            }
            if (v.node() == null) {
                throw new IllegalStateException(v + " was already back-propagated through and its graph freed;"
                        + " run the forward pass again");
            }
            stack.push(new Visit(v, true));
            for (Var input : v.node().inputs()) {
                if (input != null && input.requiresGrad()) {
                    stack.push(new Visit(input, false));
                }
            }
        }
        return order;
    }
}
