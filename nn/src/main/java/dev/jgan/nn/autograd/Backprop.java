package dev.jgan.nn.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import dev.jgan.tensor.Tensor;

/** The backward pass: order the graph, then run each op's closure from the output back. */
final class Backprop {
    private Backprop() {}

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
                Profiler.stop(node.op(), Profiler.Phase.BACKWARD, start);
            }
            v.release();
        }
    }

    /**
     * Op results reachable from {@code root}, every Var after the Vars it was computed
     * from. Iterative depth-first search: a Var is emitted once all its inputs are.
     */
    static List<Var> topologicalOrder(Var root) {
        List<Var> order = new ArrayList<>();
        Set<Var> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Var> stack = new ArrayDeque<>();
        Deque<Boolean> expanded = new ArrayDeque<>();
        stack.push(root);
        expanded.push(false);
        while (!stack.isEmpty()) {
            Var v = stack.pop();
            if (expanded.pop()) {
                order.add(v);
                continue;
            }
            if (!visited.add(v) || v.isLeaf()) {
                continue;
            }
            if (v.node() == null) {
                throw new IllegalStateException(v + " was already back-propagated through and its graph freed;"
                        + " run the forward pass again");
            }
            stack.push(v);
            expanded.push(true);
            for (Var input : v.node().inputs()) {
                if (input != null && input.requiresGrad() && !visited.contains(input)) {
                    stack.push(input);
                    expanded.push(false);
                }
            }
        }
        return order;
    }
}
