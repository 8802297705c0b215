package dev.jgan.nn.optim;

import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;

/**
 * Adam's hyperparameters and its update of one parameter, PyTorch's operation for operation in float32:
 * <pre>
 *   g  = grad + weightDecay * p
 *   m  = lerp(m, g, 1 - beta1)
 *   v  = v * beta2 + (1 - beta2) * g * g
 *   p  = p + (-lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * (bias corrections in double as PyTorch computes them in Python). {@link Adam} and the CPU
 * backend both update through {@link #update}.
 */
public record AdamSettings(double lr, double beta1, double beta2, double eps, double weightDecay) {
    /** Step {@code t} (1 for the first) of one parameter: updates param, expAvg and expAvgSq in place. */
    public void update(int t, Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq) {
        if (t < 1) {
            throw new IllegalArgumentException("adam: step numbers start at 1, got " + t);
        }
        Shapes.requireSame("adam: grad", param.shape(), grad.shape());
        Shapes.requireSame("adam: exp_avg", param.shape(), expAvg.shape());
        Shapes.requireSame("adam: exp_avg_sq", param.shape(), expAvgSq.shape());
        float stepSize = (float) (lr / (1 - Math.pow(beta1, t)));
        float biasCorrection2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, t));
        float lerpWeight = (float) (1 - beta1);
        float gradWeight = (float) (1 - beta2);
        float beta2f = (float) beta2;
        float epsf = (float) eps;
        float decay = (float) weightDecay;
        float[] w = param.data();
        float[] g = grad.data();
        float[] m = expAvg.data();
        float[] v = expAvgSq.data();
        Parallel.forRange(w.length, 1 << 15, (start, end) -> {
            for (int i = start; i < end; i++) {
                float gi = decay == 0f ? g[i] : g[i] + decay * w[i];
                m[i] = lerp(m[i], gi, lerpWeight);
                v[i] = v[i] * beta2f + gradWeight * gi * gi;
                float denom = (float) Math.sqrt(v[i]) / biasCorrection2Sqrt + epsf;
                w[i] = w[i] + -stepSize * m[i] / denom;
            }
        });
    }

    /** torch.lerp as its vectorised CPU kernel computes it (a fused multiply-add). */
    private static float lerp(float start, float end, float weight) {
        return Math.abs(weight) < 0.5f
                ? Math.fma(weight, end - start, start)
                : Math.fma(weight - 1f, end - start, end);
    }
}
