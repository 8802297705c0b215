package dev.jgan.nn.optim;

import dev.jgan.nn.autograd.Var;
import dev.jgan.tensor.Tensor;
import java.util.Collection;

/** Gradient clipping by the global L2 norm over many parameters (torch.nn.utils.clip_grad_norm_). */
public final class GradClip {
    private GradClip() {}

    /**
     * Scales every gradient by maxNorm / (norm + 1e-6) when the global norm exceeds
     * maxNorm; returns the norm before clipping. Gradients are replaced, not written into.
     */
    public static double clipByGlobalNorm(Collection<Var> params, double maxNorm) {
        double sumSquares = 0;
        for (Var p : params) {
            if (p.lentGrad() != null) {
                for (float g : p.lentGrad().data()) {
                    sumSquares += (double) g * g;
                }
            }
        }
        double norm = Math.sqrt(sumSquares);
        double coefficient = maxNorm / (norm + 1e-6);
        if (coefficient < 1) {
            float c = (float) coefficient;
            for (Var p : params) {
                if (p.lentGrad() != null) {
                    float[] g = p.lentGrad().data();
                    float[] scaled = new float[g.length];
                    for (int i = 0; i < g.length; i++) {
                        scaled[i] = g[i] * c;
                    }
                    p.setGrad(Tensor.wrap(scaled, p.shape()));
                }
            }
        }
        return norm;
    }
}
