package dev.jgan.nn;

import dev.jgan.nn.autograd.Var;
import dev.jgan.tensor.Tensor;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A part of a network: named parameters (Vars that get gradients), named buffers
 * (tensors that are state but not trained, such as batch-norm running statistics),
 * named children, and a train/eval mode shared with the children.
 *
 * <p>Names follow PyTorch: a parameter {@code weight} of child {@code conv} of child
 * {@code 0} of {@code layers} is {@code layers.0.conv.weight}.
 */
public abstract class Module {
    private final Map<String, Var> params = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final Map<String, Supplier<Var>> derivedParams = new HashMap<>();
    private boolean training = true;

    protected final Var addParam(String name, Tensor value) {
        requireNewName(name);
        Var p = Var.param(value);
        params.put(name, p);
        return p;
    }

    protected final Tensor addBuffer(String name, Tensor value) {
        requireNewName(name);
        buffers.put(name, value);
        return value;
    }

    protected final <M extends Module> M addChild(String name, M child) {
        requireNewName(name);
        children.put(name, child);
        return child;
    }

    private void requireNewName(String name) {
        if (params.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " already has a member named '" + name + "'");
        }
    }

    /**
     * The current value of parameter {@code name}: the registered Var, or, if a
     * reparametrisation such as spectral norm replaced it, the Var that one computes now.
     */
    protected final Var param(String name) {
        Supplier<Var> derived = derivedParams.get(name);
        if (derived != null) {
            return derived.get();
        }
        Var p = params.get(name);
        if (p == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " has no parameter '" + name + "'");
        }
        return p;
    }

    protected final Tensor buffer(String name) {
        Tensor b = buffers.get(name);
        if (b == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " has no buffer '" + name + "'");
        }
        return b;
    }

    /**
     * Replaces parameter {@code name} by a value computed on each use from other members
     * (how reparametrisations like spectral norm wrap a layer's weight); returns the
     * removed parameter so the caller can register it under its new name.
     */
    public final Var reparametrise(String name, Supplier<Var> computed) {
        Var removed = params.remove(name);
        if (removed == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " has no parameter '" + name + "'");
        }
        derivedParams.put(name, computed);
        return removed;
    }

    /** What computes parameter {@code name} since {@link #reparametrise} replaced it; null if nothing did. */
    public final Supplier<Var> reparametrisation(String name) {
        return derivedParams.get(name);
    }

    /** Registers an existing Var as a parameter (used by reparametrisations). */
    public final void adoptParam(String name, Var param) {
        requireNewName(name);
        params.put(name, param);
    }

    /** Registers a buffer from outside the module (used by reparametrisations). */
    public final void adoptBuffer(String name, Tensor buffer) {
        addBuffer(name, buffer);
    }

    /** All trainable parameters under their full dotted names, in registration order. */
    public final Map<String, Var> parameters() {
        Map<String, Var> all = new LinkedHashMap<>();
        collectParameters("", all);
        return Collections.unmodifiableMap(all);
    }

    private void collectParameters(String prefix, Map<String, Var> all) {
        params.forEach((name, p) -> all.put(prefix + name, p));
        children.forEach((name, child) -> child.collectParameters(prefix + name + ".", all));
    }

    /**
     * Every parameter's and buffer's tensor under its full name, ordered as PyTorch's
     * state_dict (a module's parameters, then its buffers, then each child's). The
     * tensors are the live ones: writing into them changes the module.
     */
    public final Map<String, Tensor> state() {
        Map<String, Tensor> all = new LinkedHashMap<>();
        collectState("", all);
        return Collections.unmodifiableMap(all);
    }

    private void collectState(String prefix, Map<String, Tensor> all) {
        params.forEach((name, p) -> all.put(prefix + name, p.value()));
        buffers.forEach((name, b) -> all.put(prefix + name, b));
        children.forEach((name, child) -> child.collectState(prefix + name + ".", all));
    }

    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** Training mode (the default): batch statistics, power iterations. */
    public final Module train() {
        setTraining(true);
        return this;
    }

    /** Evaluation mode: running statistics, stored spectral-norm vectors. */
    public final Module eval() {
        setTraining(false);
        return this;
    }

    private void setTraining(boolean mode) {
        training = mode;
        children.values().forEach(c -> c.setTraining(mode));
    }

    public final boolean isTraining() {
        return training;
    }

    /** Clears every parameter's gradient. */
    public final void zeroGrad() {
        parameters().values().forEach(Var::zeroGrad);
    }
}
