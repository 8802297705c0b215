package dev.jgan.nn.optim;

import dev.jgan.nn.autograd.Var;
import dev.jgan.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2015) with PyTorch's update ({@link AdamSettings#update}), keeping each
 * parameter's moments and the step count.
 */
public final class Adam extends Optimizer {
    private final AdamSettings settings;
    private final Map<String, Tensor> expAvg = new LinkedHashMap<>();
    private final Map<String, Tensor> expAvgSq = new LinkedHashMap<>();
    private final Tensor step = Tensor.scalar(0f);

    public Adam(Map<String, Var> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(params);
        this.settings = new AdamSettings(lr, beta1, beta2, eps, weightDecay);
        params.forEach((name, p) -> {
            expAvg.put(name, Tensor.zeros(p.shape()));
            expAvgSq.put(name, Tensor.zeros(p.shape()));
        });
    }

    /** Adam with eps 1e-8 and no weight decay. */
    public Adam(Map<String, Var> params, double lr, double beta1, double beta2) {
        this(params, lr, beta1, beta2, 1e-8, 0);
    }

    public float learningRate() {
        return (float) settings.lr();
    }

    /** The hyperparameters, and the update every step applies. */
    public AdamSettings settings() {
        return settings;
    }

    /** Number of steps taken so far. */
    public int steps() {
        return (int) step.item();
    }

    @Override
    public void step() {
        int t = steps() + 1;
        step.data()[0] = t;
        params().forEach((name, p) -> {
            if (p.lentGrad() != null) {
                settings.update(t, p.value(), p.lentGrad(), expAvg.get(name), expAvgSq.get(name));
            }
        });
    }

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        state.put("step", step);
        expAvg.forEach((name, t) -> state.put(name + ".exp_avg", t));
        expAvgSq.forEach((name, t) -> state.put(name + ".exp_avg_sq", t));
        return state;
    }
}
