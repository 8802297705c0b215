package dev.jgan.nn.autograd;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.function.Consumer;

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
    private final Lease lease;

    private Var(Tensor value, Node node, Lease lease) {
        this.value = value;
        this.node = node;
        this.lease = lease;
    }

    /** A leaf whose gradient backward() will compute: a parameter or an input to differentiate. */
    public static Var param(Tensor value) {
        return new Var(value, Node.leaf(value.shape(), true), null);
    }

    /** A leaf with no gradient: data, labels, targets. */
    public static Var constant(Tensor value) {
        return new Var(value, Node.leaf(value.shape(), false), null);
    }

    /**
     * A constant of {@code shape} whose values {@code writer} writes (all of them): with an active
     * {@link BufferPool}, an array of the pool, held until the pool's {@code use()} scope closes and
     * reused after (so a training step that makes the same constants allocates none); else new.
     */
    public static Var pooledConstant(Consumer<Tensor> writer, int... shape) {
        BufferPool active = BufferPool.active();
        if (active == null) {
            Tensor t = Tensor.zeros(shape);
            writer.accept(t);
            return constant(t);
        }
        Lease lease = active.takeScoped(shape);
        writer.accept(lease.tensor());
        return new Var(lease.tensor(), Node.leaf(shape, false), lease);
    }

    /**
     * The result {@code y} of an op. It joins the graph only when gradients are on
     * ({@link Grad}) and some input needs a gradient; otherwise it is a constant and the
     * closure is dropped. The graph records the inputs' nodes, not the inputs; the new node
     * holds the pooled tensors the op took ({@code taken}, y's among them if y is pooled)
     * and its inputs' pooled values, which its backward may read. A y over an input's
     * values (a view) shares that input's lease.
     */
    static Var result(Tensor y, String op, Node.Backward backward, Lease[] taken, Var... inputs) {
        Lease lease = leaseOf(y, taken, inputs);
        if (!recording(inputs)) {
            return new Var(y, Node.leaf(y.shape(), false), lease);
        }
        Node[] nodes = new Node[inputs.length];
        int heldCount = taken.length;
        for (int i = 0; i < inputs.length; i++) {
            nodes[i] = inputs[i] == null ? null : inputs[i].node;
            if (inputs[i] != null && inputs[i].lease != null) {
                heldCount++;
            }
        }
        Lease[] held = Arrays.copyOf(taken, heldCount);
        int next = taken.length;
        for (Var input : inputs) {
            if (input != null && input.lease != null) {
                held[next++] = input.lease;
            }
        }
        return new Var(y, Node.result(y.shape(), op, nodes, backward, BufferPool.active(), held), lease);
    }

    /** Whether an op on these inputs records its result in the graph. */
    static boolean recording(Var[] inputs) {
        return Grad.enabled() && anyRequiresGrad(inputs);
    }

    private static Lease leaseOf(Tensor y, Lease[] taken, Var[] inputs) {
        for (Lease l : taken) {
            if (l.tensor().data() == y.data()) {
                return l;
            }
        }
        for (Var input : inputs) {
            if (input != null && input.lease != null && input.value.data() == y.data()) {
                return input.lease;
            }
        }
        return null;
    }

    private static boolean anyRequiresGrad(Var[] inputs) {
        for (Var input : inputs) {
            if (input != null && input.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The value, which the caller may keep. A pooled value ({@link BufferPool}) read this way
     * is never reused; throws if it already went back to its pool.
     */
    public Tensor value() {
        if (lease != null) {
            lease.escape();
        }
        return value;
    }

    /**
     * The value, lent for reading during the call: not to be kept, since with a
     * {@link BufferPool} its array is reused once backward() has freed the graph. Throws if
     * it already was.
     */
    public Tensor lentValue() {
        if (lease != null) {
            lease.requireLive();
        }
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
        return lentValue().item();
    }

    public boolean requiresGrad() {
        return node.requiresGrad();
    }

    /** True for params and constants; false for op results. */
    public boolean isLeaf() {
        return node.isLeaf();
    }

    /** The accumulated gradient, or null if none has reached this Var. Read-only; the caller may keep it. */
    public Tensor grad() {
        return node.escapedGrad();
    }

    /**
     * The accumulated gradient, or null, lent for reading during the call (optimizers): not
     * to be kept, since with a {@link BufferPool} its array is reused after the next
     * zeroGrad(). Read-only.
     */
    public Tensor lentGrad() {
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
        return new Var(value, Node.leaf(value.shape(), false), lease);
    }

    /**
     * Back-propagates from this one-element Var: every Var it depends on that requires a
     * gradient gets d(this)/d(var) added to its gradient. The graph is freed afterwards.
     */
    public void backward() {
        requireScalarRoot();
        Backprop.run(node, null, null);
    }

    /**
     * Back-propagates from this one-element Var into {@code inputs} only (as PyTorch's
     * {@code backward(inputs=...)}): each of them, a leaf that requires a gradient, gets
     * d(this)/d(input) added to its gradient; no other gradient is computed or changed, so
     * branches of the graph that lead to none of them are skipped (a GAN's generator step
     * leaves the discriminator's weight gradients alone). The graph is freed afterwards.
     */
    public void backward(Collection<Var> inputs) {
        requireScalarRoot();
        Set<Node> targets = Backprop.identitySet();
        for (Var input : inputs) {
            if (!input.node.isLeaf() || !input.requiresGrad()) {
                throw new IllegalArgumentException(
                        "backward(inputs): " + input + " is not a leaf that requires a gradient");
            }
            targets.add(input.node);
        }
        Backprop.run(node, null, targets);
    }

    private void requireScalarRoot() {
        if (value.size() != 1) {
            throw new IllegalStateException("backward() needs a one-element Var, got shape " + value.shapeString());
        }
        if (!requiresGrad()) {
            throw new IllegalStateException("backward() on a Var that does not require a gradient");
        }
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
        Backprop.run(node, gradOutput, null);
    }

    /** The value for an op to compute with; throws if it went back to its pool. */
    Tensor tensor() {
        return lentValue();
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
