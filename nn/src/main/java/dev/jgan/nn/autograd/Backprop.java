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
     * With {@code targets} (leaves; null: every node that requires a gradient), only the
     * gradients on a path to a target are computed: every other node is excluded for the pass.
     */
    static void run(Node root, Tensor seed, Set<Node> targets) {
        List<Node> order = topologicalOrder(root);
        Set<Node> excluded = targets == null ? Set.of() : exclude(order, targets);
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
            for (Node v : excluded) {
                v.exclude(false);
            }
        }
    }

    /**
     * Excludes the leaves outside {@code targets} and the op results (in {@code order}, inputs
     * first) that lead to no target; returns them, to be let back in after the pass.
     */
    private static Set<Node> exclude(List<Node> order, Set<Node> targets) {
        Set<Node> excluded = identitySet();
        Set<Node> leading = identitySet();
        for (Node v : order) {
            boolean leads = false;
            for (Node input : v.inputs()) {
                if (input == null || !input.requiresGrad()) {
                    continue;
                }
                if (!input.isLeaf()) {
                    leads |= leading.contains(input);
                } else if (targets.contains(input)) {
                    leads = true;
                } else if (excluded.add(input)) {
                    input.exclude(true);
                }
            }
            if (leads) {
                leading.add(v);
            } else {
                v.exclude(true);
                excluded.add(v);
            }
        }
        return excluded;
    }

    /**
     * The op results {@code root} depends on, each after every op result it was computed
     * from. Iterative depth-first search, so graph depth is limited by memory, not the stack.
     */
    static List<Node> topologicalOrder(Node root) {
        List<Node> order = new ArrayList<>();
        Set<Node> seen = identitySet();
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

    static Set<Node> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
