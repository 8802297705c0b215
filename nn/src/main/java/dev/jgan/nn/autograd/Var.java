package dev.jgan.nn.autograd;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;

/**
 * A value in a computation graph: a tensor and its {@link Node}, which holds the gradient
 * once {@link #backward()} has run and, for the result of a differentiable op, the op's
 * inputs and the closure that pushes the output's gradient back to them.
 *
 * <p>Leaves are made with {@link #param} (gradient wanted) or {@link #constant}; every
 * other Var comes from an op (listed in this package's documentation). Gradients are
 * read-only: a backward closure never writes into the gradient it receives, and one
 * gradient tensor may be shared by several Vars (y = a + b hands the same dy to a and b).
 */
public final class Var {
    private final Tensor value;
    private final Node node;

    private Var(Tensor value, Node node) {
        this.value = value;
        this.node = node;
    }

    /** A leaf whose gradient backward() will compute: a parameter or an input to differentiate. */
    public static Var param(Tensor value) {
        return new Var(value, Node.leaf(value.shape(), true));
    }

    /** A leaf with no gradient: data, labels, targets. */
    public static Var constant(Tensor value) {
        return new Var(value, Node.leaf(value.shape(), false));
    }

    /**
     * The result {@code y} of an op. It joins the graph only when gradients are on
     * ({@link Grad}) and some input needs a gradient; otherwise it is a constant and the
     * closure is dropped. The graph records the inputs' nodes, not the inputs.
     */
    static Var result(Tensor y, String op, Node.Backward backward, Var... inputs) {
        if (!Grad.enabled() || !anyRequiresGrad(inputs)) {
            return constant(y);
        }
        Node[] nodes = new Node[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            nodes[i] = inputs[i] == null ? null : inputs[i].node;
        }
        return new Var(y, Node.result(y.shape(), op, nodes, backward));
    }

    private static boolean anyRequiresGrad(Var[] inputs) {
        for (Var input : inputs) {
            if (input != null && input.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    public Tensor value() {
        return value;
    }

    public int[] shape() {
        return value.shape();
    }

    public int dim(int axis) {
        return value.dim(axis);
    }

    /** The single value of a one-element Var (a loss). */
    public float item() {
        return value.item();
    }

    public boolean requiresGrad() {
        return node.requiresGrad();
    }

    /** True for params and constants; false for op results. */
    public boolean isLeaf() {
        return node.isLeaf();
    }

    /** The accumulated gradient, or null if none has reached this Var. Read-only. */
    public Tensor grad() {
        return node.grad();
    }

    /** Replaces the gradient (optimizers' gradient clipping, checkpoint restore). */
    public void setGrad(Tensor newGrad) {
        node.setGrad(newGrad);
    }

    public void zeroGrad() {
        node.setGrad(null);
    }

    /** Keeps this op result's gradient after backward() (leaves always keep theirs). */
    public Var retainGrad() {
        node.retainGrad();
        return this;
    }

    /** The same values, cut from the graph: no gradient flows through the result. */
    public Var detach() {
        return constant(value);
    }

    /**
     * Back-propagates from this one-element Var: every Var it depends on that requires a
     * gradient gets d(this)/d(var) added to its gradient. The graph is freed afterwards.
     */
    public void backward() {
        if (value.size() != 1) {
            throw new IllegalStateException("backward() needs a one-element Var, got shape " + value.shapeString());
        }
        backward(Tensor.ones(value.shape()));
    }

    /**
     * Back-propagates {@code gradOutput} = dL/d(this) from a Var of any shape (as
     * torch.Tensor.backward(gradient)).
     */
    public void backward(Tensor gradOutput) {
        if (!requiresGrad()) {
            throw new IllegalStateException("backward() on a Var that does not require a gradient");
        }
        Shapes.requireSame("backward: gradient of a Var", value.shape(), gradOutput.shape());
        Backprop.run(node, gradOutput);
    }

    /** This Var's place in the graph; backward closures capture it to send gradients here. */
    Node node() {
        return node;
    }

    @Override
    public String toString() {
        return "Var(" + node + ")";
    }
}
