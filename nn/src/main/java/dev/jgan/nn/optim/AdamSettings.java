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
 * backend both update through {@link #update}; a GPU update takes its checks and bias corrections
 * from {@link #requireStep}, {@link #stepSize} and {@link #biasCorrection2Sqrt}.
 */
public record AdamSettings(double lr, double beta1, double beta2, double eps, double weightDecay) {
    /** Step {@code t} (1 for the first) of one parameter: updates param, expAvg and expAvgSq in place. */
    public void update(int t, Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq) {
        requireStep(t, param.shape(), grad.shape(), expAvg.shape(), expAvgSq.shape());
        float stepSize = stepSize(t);
        float biasCorrection2Sqrt = biasCorrection2Sqrt(t);
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

    /** Checks that step {@code t} is at least 1 and that grad, expAvg and expAvgSq have param's shape. */
    public static void requireStep(int t, int[] param, int[] grad, int[] expAvg, int[] expAvgSq) {
        if (t < 1) {
            throw new IllegalArgumentException("adam: step numbers start at 1, got " + t);
        }
        Shapes.requireSame("adam: grad", param, grad);
        Shapes.requireSame("adam: exp_avg", param, expAvg);
        Shapes.requireSame("adam: exp_avg_sq", param, expAvgSq);
    }

    /** lr / (1 - beta1^t) in float32: the step size with the first moment's bias correction at step t. */
    public float stepSize(int t) {
        return (float) (lr / (1 - Math.pow(beta1, t)));
    }

    /** sqrt(1 - beta2^t) in float32: the second moment's bias correction at step t. */
    public float biasCorrection2Sqrt(int t) {
        return (float) Math.sqrt(1 - Math.pow(beta2, t));
    }

    /** torch.lerp as its vectorised CPU kernel computes it (a fused multiply-add). */
    private static float lerp(float start, float end, float weight) {
        return Math.abs(weight) < 0.5f
                ? Math.fma(weight, end - start, start)
                : Math.fma(weight - 1f, end - start, end);
    }
}
