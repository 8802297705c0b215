package dev.jgan.nn.optim;

import dev.jgan.nn.autograd.Var;
import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Updates named parameters from their gradients. Its state (moments, step count) is a
 * set of named tensors, so a checkpoint can save it next to the model's.
 */
public abstract class Optimizer {
    private final Map<String, Var> params;

    protected Optimizer(Map<String, Var> params) {
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** One update of every parameter that has a gradient. */
    public abstract void step();

    /** The optimizer's state under names like {@code <param>.exp_avg}; live tensors. */
    public abstract Map<String, Tensor> state();

    /** Restores {@link #state()} as saved; every name must be present with its shape. */
    public void loadState(Map<String, Tensor> saved) {
        Map<String, Tensor> own = state();
        for (var entry : own.entrySet()) {
            Tensor found = saved.get(entry.getKey());
            if (found == null) {
                throw new IllegalArgumentException("optimizer state is missing '" + entry.getKey() + "'");
            }
            Shapes.requireSame("optimizer state '" + entry.getKey() + "'", entry.getValue().shape(), found.shape());
            entry.getValue().copyFrom(found);
        }
        for (String name : saved.keySet()) {
            if (!own.containsKey(name)) {
                throw new IllegalArgumentException("unexpected optimizer state '" + name + "'");
            }
        }
    }

    public final Map<String, Var> params() {
        return params;
    }

    public final void zeroGrad() {
        params.values().forEach(Var::zeroGrad);
    }
}
