package dev.jgan.nn.optim;

import dev.jgan.nn.autograd.Var;
import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2015) with PyTorch's update, operation for operation in float32:
 * <pre>
 *   g  = grad + weightDecay * p
 *   m  = lerp(m, g, 1 - beta1)
 *   v  = v * beta2 + (1 - beta2) * g * g
 *   p  = p + (-lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * (bias corrections in double as PyTorch computes them in Python).
 */
public final class Adam extends Optimizer {
    private final float lr;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final Map<String, Tensor> expAvg = new LinkedHashMap<>();
    private final Map<String, Tensor> expAvgSq = new LinkedHashMap<>();
    private final Tensor step = Tensor.scalar(0f);
    private final double beta1d;
    private final double beta2d;
    private final double lrd;

    public Adam(Map<String, Var> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(params);
        this.lrd = lr;
        this.beta1d = beta1;
        this.beta2d = beta2;
        this.lr = (float) lr;
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
        this.eps = (float) eps;
        this.weightDecay = (float) weightDecay;
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
        return lr;
    }

    /** Number of steps taken so far. */
    public int steps() {
        return (int) step.item();
    }

    @Override
    public void step() {
        int t = steps() + 1;
        step.data()[0] = t;
        float stepSize = (float) (lrd / (1 - Math.pow(beta1d, t)));
        float biasCorrection2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2d, t));
        float lerpWeight = (float) (1 - beta1d);
        float gradWeight = (float) (1 - beta2d);
        params().forEach((name, p) -> {
            if (p.lentGrad() == null) {
                return;
            }
            float[] w = p.value().data();
            float[] g = p.lentGrad().data();
            float[] m = expAvg.get(name).data();
            float[] v = expAvgSq.get(name).data();
            Parallel.forRange(w.length, 1 << 15, (start, end) -> {
                for (int i = start; i < end; i++) {
                    float grad = weightDecay == 0f ? g[i] : g[i] + weightDecay * w[i];
                    m[i] = lerp(m[i], grad, lerpWeight);
                    v[i] = v[i] * beta2 + gradWeight * grad * grad;
                    float denom = (float) Math.sqrt(v[i]) / biasCorrection2Sqrt + eps;
                    w[i] = w[i] + -stepSize * m[i] / denom;
                }
            });
        });
    }

    /** torch.lerp as its vectorised CPU kernel computes it (a fused multiply-add). */
    private static float lerp(float start, float end, float weight) {
        return Math.abs(weight) < 0.5f
                ? Math.fma(weight, end - start, start)
                : Math.fma(weight - 1f, end - start, end);
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
