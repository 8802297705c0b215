package dev.jgan.nn.autograd;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Elementwise;
import dev.jgan.tensor.kernels.MatMul;
import dev.jgan.tensor.kernels.Reductions;

/**
 * The arithmetic of spectral normalisation (Miyato et al. 2018, as torch.nn.utils.spectral_norm) on a
 * weight matrix W [rows, cols] with vectors u [rows] and v [cols]: the power iteration, sigma = u^T W v
 * and the gradient of w / sigma. One implementation for the layer, its autograd op and the CPU backend
 * of the explicit training step, so that all three give the same bits.
 */
public final class SpectralNormMath {
    private SpectralNormMath() {}

    /**
     * One power iteration in place: v = normalise(W^T u), then u = normalise(W v), normalise(x) = x / max(||x||, eps)
     * (the norm in float64). {@code vScratch} [cols, 1] and {@code uScratch} [rows, 1] receive W^T u and W v.
     */
    public static void powerIteration(Tensor matrix, Tensor u, Tensor v, float eps, Tensor uScratch,
                                      Tensor vScratch) {
        int rows = u.size();
        int cols = v.size();
        normaliseInto(MatMul.matmulInto(matrix, u.reshape(rows, 1), true, false, vScratch).reshape(cols), eps, v);
        normaliseInto(MatMul.matmulInto(matrix, v.reshape(cols, 1), false, false, uScratch).reshape(rows), eps, u);
    }

    /** out = x / max(||x||, eps), the norm in float64; returns out. */
    public static Tensor normaliseInto(Tensor x, float eps, Tensor out) {
        double norm = Math.sqrt(Reductions.dot(x, x));
        return Elementwise.scaleInto(x, (float) (1 / Math.max(norm, eps)), out);
    }

    /** sigma = u^T W v, rounded to float; {@code wvScratch} [rows, 1] receives W v. */
    public static float sigma(Tensor matrix, Tensor u, Tensor v, Tensor wvScratch) {
        int rows = u.size();
        Tensor wv = MatMul.matmulInto(matrix, v.reshape(v.size(), 1), false, false, wvScratch).reshape(rows);
        return (float) Reductions.dot(u, wv);
    }

    /**
     * The gradient of y = w / sigma, sigma = u^T W v with u and v held: out = dy / sigma - (<dy, w> / sigma^2) u v^T,
     * where {@code uvT} is the product u v^T already laid out as w (the caller makes it: its layout depends on
     * which axis of w the matrix's rows are).
     */
    public static void gradientInto(Tensor dy, Tensor w, Tensor uvT, float sigma, Tensor out) {
        double dyDotW = Reductions.dot(dy, w);
        Elementwise.scaleInto(dy, 1f / sigma, out);
        Elementwise.addScaledInto(out, uvT, (float) (-dyDotW / ((double) sigma * sigma)), out);
    }

    /** u v^T [rows, cols] into {@code out}. */
    public static Tensor outerInto(Tensor u, Tensor v, Tensor out) {
        return MatMul.matmulInto(u.reshape(u.size(), 1), v.reshape(1, v.size()), false, false, out);
    }
}
