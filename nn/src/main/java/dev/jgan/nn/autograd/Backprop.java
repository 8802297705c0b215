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

    /** A step of the depth-first search: expand a node's inputs, or emit it once they are done. */
    private record Visit(Node node, boolean inputsDone) {}

    /**
     * Seeds {@code root}'s gradient with {@code seed} (null: ones), runs every closure after
     * all the closures that feed its output's gradient, and frees each op result's inputs and
     * closure once it has run. Gradients come from the pool the root was recorded with, if any.
     */
    static void run(Node root, Tensor seed) {
        List<Node> order = topologicalOrder(root);
        try (Grad.Scope pool = BufferPool.during(root.pool())) {
            if (seed == null) {
                root.accumulateInto(ones -> ones.fill(1f));
            } else {
                root.accumulate(() -> seed);
            }
            for (int i = order.size() - 1; i >= 0; i--) {
                Node v = order.get(i);
                Tensor dy = v.grad();
                if (dy != null) {
                    long start = Profiler.start();
                    if (root.pool() != null) {
                        root.pool().passing(v.gradLease());
                    }
                    v.backward().apply(dy);
                    Profiler.stop(v.op(), v.shape(), Profiler.Phase.BACKWARD, start);
                }
                v.release();
            }
        } finally {
            if (root.pool() != null) {
                root.pool().passing(null);
            }
        }
    }

    /**
     * The op results {@code root} depends on, each after every op result it was computed
     * from. Iterative depth-first search, so graph depth is limited by memory, not the stack.
     */
    static List<Node> topologicalOrder(Node root) {
        List<Node> order = new ArrayList<>();
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Visit> stack = new ArrayDeque<>();
        stack.push(new Visit(root, false));
        while (!stack.isEmpty()) {
            Visit visit = stack.pop();
            Node v = visit.node();
            if (visit.inputsDone()) {
                order.add(v);
                continue;
            }
            if (v.isLeaf() || !seen.add(v)) {
                continue;
            }
            if (!v.isRecorded()) {
                throw new IllegalStateException("Var(" + v + ") was already back-propagated through and its graph"
                        + " freed; run the forward pass again");
            }
            stack.push(new Visit(v, true));
            for (Node input : v.inputs()) {
                if (input != null && input.requiresGrad()) {
                    stack.push(new Visit(input, false));
                }
            }
        }
        return order;
    }
}
