package dev.jgan.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.nn.autograd.Var;
import dev.jgan.nn.testing.GradCheck;
import dev.jgan.nn.testing.Ref;
import dev.jgan.nn.testing.RefConv;
import dev.jgan.nn.testing.RefConv.Geometry;
import dev.jgan.nn.testing.RefNorm;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelfAttentionTest {
    private static final int N = 2;
    private static final int C = 16;
    private static final int H = 4;
    private static final int W = 6;

    @Test
    void startsAsTheIdentityWithPyTorchNames() {
        SelfAttention attention = new SelfAttention(C, false, new Rng(1));
        assertEquals(List.of("gamma", "theta.weight", "phi.weight", "g.weight", "o.weight"),
                List.copyOf(attention.state().keySet()));
        Tensor x = Tensor.normal(2, 0f, 1f, N, C, H, W);
        assertArrayEquals(x.data(), attention.forward(Var.constant(x)).value().data());
    }

    @Test
    void matchesTheReferenceWithGradients() {
        SelfAttention attention = new SelfAttention(C, false, new Rng(3));
        attention.state().get("gamma").data()[0] = 0.7f;
        Var x = Var.param(Tensor.normal(4, 0f, 1f, N, C, H, W));
        new GradCheck().input("x", x).inputs(attention.parameters()).check("SelfAttention",
                () -> attention.forward(x), in -> reference(in, in.get("theta.weight"), in.get("phi.weight"),
                        in.get("g.weight"), in.get("o.weight")));
    }

    @Test
    void matchesTheReferenceWithSpectralNormInTraining() {
        SelfAttention attention = new SelfAttention(C, true, new Rng(5));
        attention.state().get("gamma").data()[0] = -1.3f;
        Map<String, Tensor> state = attention.state();
        Var x = Var.param(Tensor.normal(6, 0f, 1f, N, C, H, W));
        new GradCheck().input("x", x).inputs(attention.parameters()).check("SelfAttention with spectral norm",
                () -> attention.forward(x), in -> reference(in, normalised(in, state, "theta"), normalised(in, state, "phi"),
                        normalised(in, state, "g"), normalised(in, state, "o")));
    }

    private static double[] normalised(Map<String, double[]> in, Map<String, Tensor> state, String conv) {
        double[] w = in.get(conv + ".weight_orig");
        double[] u = Ref.toDouble(state.get(conv + ".weight_u"));
        double[] v = Ref.toDouble(state.get(conv + ".weight_v"));
        double sigma = Ref.dot(u, Ref.matmul(w, false, v, false, u.length, v.length, 1));
        return Ref.map(w, e -> e / sigma);
    }

    /** x + gamma o(g softmax(theta^T phi)^T), written per sample with plain loops. */
    private static double[] reference(Map<String, double[]> in, double[] wTheta, double[] wPhi, double[] wG, double[] wO) {
        double[] x = in.get("x");
        int p = H * W;
        double[] theta = RefConv.conv2d(x, wTheta, null, new Geometry(N, C, H, W, C / 8, 1, 1, 0));
        double[] phi = RefConv.maxPool(RefConv.conv2d(x, wPhi, null, new Geometry(N, C, H, W, C / 8, 1, 1, 0)), N * C / 8, H, W, 2);
        double[] g = RefConv.maxPool(RefConv.conv2d(x, wG, null, new Geometry(N, C, H, W, C / 2, 1, 1, 0)), N * C / 2, H, W, 2);
        double[] attended = new double[N * C / 2 * p];
        for (int s = 0; s < N; s++) {
            double[] q = Arrays.copyOfRange(theta, s * C / 8 * p, (s + 1) * C / 8 * p);
            double[] k = Arrays.copyOfRange(phi, s * C / 8 * p / 4, (s + 1) * C / 8 * p / 4);
            double[] v = Arrays.copyOfRange(g, s * C / 2 * p / 4, (s + 1) * C / 2 * p / 4);
            double[] beta = RefNorm.softmaxRows(Ref.matmul(q, true, k, false, p, C / 8, p / 4), p, p / 4);
            double[] o = Ref.matmul(v, false, beta, true, C / 2, p / 4, p);
            System.arraycopy(o, 0, attended, s * C / 2 * p, C / 2 * p);
        }
        double[] out = RefConv.conv2d(attended, wO, null, new Geometry(N, C / 2, H, W, C, 1, 1, 0));
        double gamma = in.get("gamma")[0];
        return Ref.add(x, Ref.map(out, e -> gamma * e));
    }
}
