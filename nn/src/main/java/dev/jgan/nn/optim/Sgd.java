package dev.jgan.nn.optim;

import dev.jgan.nn.autograd.Var;
import dev.jgan.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum, as PyTorch's SGD (dampening 0, no Nesterov):
 * g = grad + weightDecay p;  b = momentum b + g (b = g on the first step);  p = p - lr b.
 */
public final class Sgd extends Optimizer {
    private final float lr;
    private final float momentum;
    private final float weightDecay;
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Tensor started = Tensor.scalar(0f);

    public Sgd(Map<String, Var> params, double lr, double momentum, double weightDecay) {
        super(params);
        this.lr = (float) lr;
        this.momentum = (float) momentum;
        this.weightDecay = (float) weightDecay;
        params.forEach((name, p) -> buffers.put(name, Tensor.zeros(p.shape())));
    }

    @Override
    public void step() {
        boolean first = started.item() == 0f;
        started.data()[0] = 1f;
        params().forEach((name, p) -> {
            if (p.lentGrad() == null) {
                return;
            }
            float[] w = p.value().data();
            float[] g = p.lentGrad().data();
            float[] b = buffers.get(name).data();
            for (int i = 0; i < w.length; i++) {
                float grad = weightDecay == 0f ? g[i] : g[i] + weightDecay * w[i];
                b[i] = first ? grad : momentum * b[i] + grad;
                w[i] = w[i] + -lr * (momentum == 0f ? grad : b[i]);
            }
        });
    }

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        state.put("started", started);
        buffers.forEach((name, t) -> state.put(name + ".momentum_buffer", t));
        return state;
    }
}
