package dev.jgan.nn.autograd;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Elementwise;
import java.util.function.Supplier;

/**
 * A Var's place in the graph, without its value: the gradient that reaches it and, for an
 * op result until backward() frees it, the op's name, its inputs' nodes and the closure
 * that pushes its gradient to them.
 *
 * <p>The graph is made of nodes only. A backward closure captures its inputs' nodes and
 * exactly the tensors its math needs (never a Var), so an intermediate tensor that no
 * backward needs is garbage as soon as the program drops its Var.
 */
final class Node {
    /** Pushes the gradient of an op's output to the op's inputs (via {@link #accumulate}). */
    @FunctionalInterface
    interface Backward {
        void apply(Tensor dy);
    }

    private final int[] shape;
    private final boolean requiresGrad;
    private final String op;
    private Node[] inputs;
    private Backward backward;
    private Tensor grad;
    private boolean retainGrad;

    private Node(int[] shape, boolean requiresGrad, String op, Node[] inputs, Backward backward) {
        this.shape = shape;
        this.requiresGrad = requiresGrad;
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
    }

    static Node leaf(int[] shape, boolean requiresGrad) {
        return new Node(shape, requiresGrad, null, null, null);
    }

    static Node result(int[] shape, String op, Node[] inputs, Backward backward) {
        return new Node(shape, true, op, inputs, backward);
    }

    boolean requiresGrad() {
        return requiresGrad;
    }

    boolean isLeaf() {
        return op == null;
    }

    /** False once backward() has run through this op result and dropped its inputs and closure. */
    boolean isRecorded() {
        return backward != null;
    }

    String op() {
        return op;
    }

    /** The value's shape; not to be modified. */
    int[] shape() {
        return shape;
    }

    Node[] inputs() {
        return inputs;
    }

    Backward backward() {
        return backward;
    }

    Tensor grad() {
        return grad;
    }

    void setGrad(Tensor newGrad) {
        if (newGrad != null && !newGrad.hasShape(shape)) {
            throw new IllegalArgumentException(
                    "gradient shape " + newGrad.shapeString() + " does not match value shape " + Shapes.toString(shape));
        }
        grad = newGrad;
    }

    void retainGrad() {
        retainGrad = true;
    }

    /**
     * Adds the gradient {@code contribution} computes to this node's gradient; the supplier
     * runs only if this node requires a gradient, so ops never compute unused gradients
     * (for example dx of a conv whose input is the data).
     */
    void accumulate(Supplier<Tensor> contribution) {
        if (!requiresGrad) {
            return;
        }
        Tensor g = contribution.get();
        if (!g.hasShape(shape)) {
            throw new IllegalStateException("a gradient of shape " + g.shapeString()
                    + " cannot flow into a value of shape " + Shapes.toString(shape));
        }
        grad = grad == null ? g : Elementwise.add(grad, g);
    }

    /** Drops the op's closure and inputs (and with them every tensor the closure held), and the gradient unless kept. */
    void release() {
        inputs = null;
        backward = null;
        if (op != null && !retainGrad) {
            grad = null;
        }
    }

    @Override
    public String toString() {
        String origin = op == null ? (requiresGrad ? "param" : "constant") : (isRecorded() ? op : "freed " + op);
        return origin + ", " + Shapes.toString(shape);
    }
}
