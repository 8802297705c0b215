package dev.jgan.nn.autograd;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Elementwise;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A Var's place in the graph, without its value: the gradient that reaches it and, for an
 * op result until backward() frees it, the op's name, its inputs' nodes, the closure that
 * pushes its gradient to them, and the pooled tensors ({@link Lease}s) it holds: its own
 * value, its inputs' values and whatever else its backward reads.
 *
 * <p>The graph is made of nodes only. A backward closure captures its inputs' nodes and
 * exactly the tensors its math needs (never a Var), so an intermediate tensor that no
 * backward needs is garbage as soon as the program drops its Var (unless it is pooled:
 * then the node holds it until backward() frees the node, and it goes back to the pool).
 *
 * <p>Gradients: a gradient this node computed into a buffer of its own and shares with no
 * one is added to in place; one it received from another node (y = a + b hands the same dy
 * to a and b) is never written into.
 */
final class Node {
    /** Pushes the gradient of an op's output to the op's inputs (via {@link #accumulate}). */
    @FunctionalInterface
    interface Backward {
        void apply(Tensor dy);
    }

    private static final Lease[] NONE = {};

    private final int[] shape;
    private final boolean requiresGrad;
    private final String op;
    private final BufferPool pool;
    private Node[] inputs;
    private Backward backward;
    private Lease[] held;
    private Tensor grad;
    private Lease gradLease;
    private boolean gradOwned;
    private Lease pending;
    private boolean retainGrad;
    /** Set for the length of a backward pass whose targets this node leads to none of. */
    private boolean excluded;

    private Node(int[] shape, boolean requiresGrad, String op, Node[] inputs, Backward backward, BufferPool pool,
                 Lease[] held) {
        this.shape = shape;
        this.requiresGrad = requiresGrad;
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
        this.pool = pool;
        this.held = held;
        for (Lease lease : held) {
            lease.retain();
        }
    }

    static Node leaf(int[] shape, boolean requiresGrad) {
        return new Node(shape, requiresGrad, null, null, null, null, NONE);
    }

    /** An op result holding {@code held} (retained here, released when backward() frees it); pool may be null. */
    static Node result(int[] shape, String op, Node[] inputs, Backward backward, BufferPool pool, Lease[] held) {
        return new Node(shape, true, op, inputs, backward, pool, held);
    }

    boolean requiresGrad() {
        return requiresGrad;
    }

    /** Whether the running backward pass computes this node's gradient. */
    private boolean wantsGrad() {
        return requiresGrad && !excluded;
    }

    /** Leaves this node out of (or back into) the running backward pass: its gradient is not computed or changed. */
    void exclude(boolean excluded) {
        this.excluded = excluded;
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

    /** The pool this op result was recorded with (backward takes its gradients from it), or null. */
    BufferPool pool() {
        return pool;
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

    /** The pooled gradient's lease, or null. */
    Lease gradLease() {
        return gradLease;
    }

    /** The gradient, handed to a caller who may keep it: a pooled one is never reused. */
    Tensor escapedGrad() {
        if (gradLease != null) {
            gradLease.escape();
        }
        return grad;
    }

    void setGrad(Tensor newGrad) {
        if (newGrad != null && !newGrad.hasShape(shape)) {
            throw new IllegalArgumentException(
                    "gradient shape " + newGrad.shapeString() + " does not match value shape " + Shapes.toString(shape));
        }
        dropGrad();
        grad = newGrad;
    }

    void retainGrad() {
        retainGrad = true;
    }

    /**
     * Adds the gradient {@code contribution} computes to this node's gradient; the supplier
     * runs only if this node requires a gradient and the running pass wants it, so ops never
     * compute unused gradients (for example dx of a conv whose input is the data). The contribution is a new tensor or
     * the dy the running closure received (or a view of it), shared, never written into.
     */
    void accumulate(Supplier<Tensor> contribution) {
        if (!wantsGrad()) {
            return;
        }
        Tensor g = contribution.get();
        if (!g.hasShape(shape)) {
            throw new IllegalStateException("a gradient of shape " + g.shapeString()
                    + " cannot flow into a value of shape " + Shapes.toString(shape));
        }
        BufferPool active = BufferPool.active();
        Lease lease = active == null ? null : active.leaseOf(g);
        if (grad == null) {
            if (lease != null) {
                lease.retain();
            }
            grad = g;
            gradLease = lease;
            gradOwned = false;
        } else {
            add(g);
        }
    }

    /**
     * Adds the contribution {@code writer} writes (all of it, overwriting) into a buffer of this
     * node's shape, if this node wants a gradient.
     */
    void accumulateInto(Consumer<Tensor> writer) {
        Tensor buffer = contributionBuffer();
        if (buffer != null) {
            writer.accept(buffer);
            addContribution(buffer);
        }
    }

    /**
     * A buffer of this node's shape for a contribution to be written into (all of it), then
     * passed to {@link #addContribution}; null when this node needs no gradient.
     */
    Tensor contributionBuffer() {
        if (!wantsGrad()) {
            return null;
        }
        if (pending != null) {
            throw new IllegalStateException("a contribution buffer of " + this + " is already being written");
        }
        BufferPool active = BufferPool.active();
        if (active == null) {
            return Tensor.zeros(shape);
        }
        pending = active.take(shape);
        return pending.tensor();
    }

    /** Adds a contribution written into the buffer {@link #contributionBuffer} returned. */
    void addContribution(Tensor buffer) {
        Lease lease = pending;
        pending = null;
        if (lease != null && lease.tensor() != buffer) {
            throw new IllegalStateException("addContribution: not the buffer contributionBuffer() returned");
        }
        if (lease != null) {
            lease.retain();
        }
        if (grad == null) {
            grad = buffer;
            gradLease = lease;
            gradOwned = true;
            return;
        }
        add(buffer);
        if (lease != null) {
            lease.release();
        }
    }

    /** grad += g: in place into a gradient this node alone owns, otherwise into a new tensor. */
    private void add(Tensor g) {
        if (gradOwned && gradLease != null && gradLease.exclusive()) {
            Elementwise.addInto(grad, g, grad);
            return;
        }
        BufferPool active = BufferPool.active();
        if (active == null) {
            Tensor sum = Elementwise.add(grad, g);
            dropGrad();
            grad = sum;
            return;
        }
        Lease sum = active.take(shape);
        Elementwise.addInto(grad, g, sum.tensor());
        sum.retain();
        dropGrad();
        grad = sum.tensor();
        gradLease = sum;
        gradOwned = true;
    }

    private void dropGrad() {
        if (gradLease != null) {
            gradLease.release();
        }
        grad = null;
        gradLease = null;
        gradOwned = false;
    }

    /**
     * Drops the op's closure and inputs (and with them every tensor the closure held), lets go
     * of the pooled tensors it held, and drops the gradient unless kept.
     */
    void release() {
        inputs = null;
        backward = null;
        for (Lease lease : held) {
            lease.release();
        }
        held = NONE;
        if (op != null && !retainGrad) {
            dropGrad();
        }
    }

    @Override
    public String toString() {
        String origin = op == null ? (requiresGrad ? "param" : "constant") : (isRecorded() ? op : "freed " + op);
        return origin + ", " + Shapes.toString(shape);
    }
}
