package dev.jgan.nn.autograd;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Elementwise;
import java.util.function.Supplier;

/**
 * A value in a computation graph: a tensor, its gradient once {@link #backward()} has
 * run, and, for the result of a differentiable op, the op's inputs and the closure that
 * pushes the output's gradient back to them.
 *
 * <p>Leaves are made with {@link #param} (gradient wanted) or {@link #constant}; every
 * other Var comes from an op (listed in this package's documentation). Gradients are
 * read-only: a backward closure never writes into the gradient it receives, and one
 * gradient tensor may be shared by several Vars (y = a + b hands the same dy to a and b).
 */
public final class Var {
    /** Pushes the gradient of an op's output to the op's inputs (via {@link #accumulate}). */
    @FunctionalInterface
    interface Backward {
        void apply(Tensor dy);
    }

    /** What made a non-leaf Var: the op's name, its inputs, and its backward closure. */
    record Node(String op, Var[] inputs, Backward backward) {}

    private final Tensor value;
    private final boolean requiresGrad;
    private final boolean leaf;
    private Node node;
    private Tensor grad;
    private boolean retainGrad;

    private Var(Tensor value, boolean requiresGrad, Node node) {
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.leaf = node == null;
        this.node = node;
    }

    /** A leaf whose gradient backward() will compute: a parameter or an input to differentiate. */
    public static Var param(Tensor value) {
        return new Var(value, true, null);
    }

    /** A leaf with no gradient: data, labels, targets. */
    public static Var constant(Tensor value) {
        return new Var(value, false, null);
    }

    /**
     * The result of an op. It joins the graph only when gradients are on ({@link Grad}) and
     * some input needs a gradient; otherwise it is a constant and the closure is dropped.
     */
    static Var result(Tensor value, String op, Backward backward, Var... inputs) {
        if (!Grad.enabled() || !anyRequiresGrad(inputs)) {
            return new Var(value, false, null);
        }
        return new Var(value, true, new Node(op, inputs, backward));
    }

    private static boolean anyRequiresGrad(Var[] inputs) {
        for (Var input : inputs) {
            if (input != null && input.requiresGrad) {
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
        return requiresGrad;
    }

    /** True for params and constants; false for op results. */
    public boolean isLeaf() {
        return leaf;
    }

    /** The accumulated gradient, or null if none has reached this Var. Read-only. */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the gradient (optimizers' gradient clipping, checkpoint restore). */
    public void setGrad(Tensor newGrad) {
        if (newGrad != null && !newGrad.hasShape(value.shape())) {
            throw new IllegalArgumentException(
                    "gradient shape " + newGrad.shapeString() + " does not match value shape " + value.shapeString());
        }
        grad = newGrad;
    }

    public void zeroGrad() {
        grad = null;
    }

    /** Keeps this op result's gradient after backward() (leaves always keep theirs). */
    public Var retainGrad() {
        retainGrad = true;
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
        if (!requiresGrad) {
            throw new IllegalStateException("backward() on a Var that does not require a gradient");
        }
        Shapes.requireSame("backward: gradient of a Var", value.shape(), gradOutput.shape());
        Backprop.run(this, gradOutput);
    }

    /**
     * Adds the gradient {@code contribution} computes to this Var's gradient; the
     * supplier runs only if this Var requires a gradient, so ops never compute unused
     * gradients (for example dx of a conv whose input is the data).
     */
    void accumulate(Supplier<Tensor> contribution) {
        if (!requiresGrad) {
            return;
        }
        Tensor g = contribution.get();
        if (!g.hasShape(value.shape())) {
            throw new IllegalStateException("a gradient of shape " + g.shapeString()
                    + " cannot flow into a value of shape " + value.shapeString());
        }
        grad = grad == null ? g : Elementwise.add(grad, g);
    }

    Node node() {
        return node;
    }

    /** Drops the op's closure and inputs, and the gradient unless it is kept. */
    void release() {
        node = null;
        if (!leaf && !retainGrad) {
            grad = null;
        }
    }

    @Override
    public String toString() {
        String origin = leaf ? (requiresGrad ? "param" : "constant") : (node == null ? "freed" : node.op());
        return "Var(" + origin + ", " + value.shapeString() + ")";
    }
}
