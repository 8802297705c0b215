package dev.jgan.nn.layers;

import dev.jgan.nn.Module;
import dev.jgan.nn.autograd.Normalization;
import dev.jgan.nn.autograd.SpectralNormMath;
import dev.jgan.nn.autograd.Var;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import java.util.function.Supplier;

/**
 * Spectral normalisation of a module's weight (Miyato et al. 2018), as
 * torch.nn.utils.spectral_norm with one power iteration: the parameter {@code weight}
 * becomes {@code weight_orig}, with buffers {@code weight_u} [rows] and {@code weight_v}
 * [rest] of the matrix W = {@link Normalization#spectralMatrix}(weight, dim), and every use
 * of the weight computes weight / sigma, sigma = u^T W v. dim is 0, except 1 for a
 * {@link ConvTranspose2d} (whose weight is [in, out, k, k]), as in PyTorch.
 * In training mode each use first runs one power iteration on u and v (no gradient);
 * in evaluation mode the stored u and v are used as they are. The module keeps this object as
 * the weight's {@link Module#reparametrisation}.
 */
public final class SpectralNorm implements Supplier<Var> {
    private final Module module;
    private final Var weight;
    private final int dim;
    private final Tensor u;
    private final Tensor v;
    private final Tensor uNext;
    private final Tensor vNext;
    private final float eps;

    private SpectralNorm(Module module, String name, int dim, float eps, Rng rng) {
        this.module = module;
        this.dim = dim;
        this.eps = eps;
        this.weight = module.reparametrise(name, this);
        Tensor matrix = Normalization.spectralMatrix(weight.value(), dim);
        u = normalise(Tensor.normal(rng, 0f, 1f, matrix.dim(0)));
        v = normalise(Tensor.normal(rng, 0f, 1f, matrix.dim(1)));
        uNext = Tensor.zeros(matrix.dim(0), 1);
        vNext = Tensor.zeros(matrix.dim(1), 1);
        module.adoptParam(name + "_orig", weight);
        module.adoptBuffer(name + "_u", u);
        module.adoptBuffer(name + "_v", v);
    }

    /** PyTorch's default eps: the smallest norm a vector is divided by. */
    public static final float DEFAULT_EPS = 1e-12f;

    /** Spectral-normalises {@code module}'s parameter "weight" (eps {@link #DEFAULT_EPS}); returns the module. */
    public static <M extends Module> M apply(M module, Rng rng) {
        return apply(module, "weight", DEFAULT_EPS, rng);
    }

    /** Spectral-normalises parameter {@code name} over PyTorch's default axis for the module. */
    public static <M extends Module> M apply(M module, String name, float eps, Rng rng) {
        return apply(module, name, module instanceof ConvTranspose2d ? 1 : 0, eps, rng);
    }

    /** Spectral-normalises parameter {@code name} with its axis {@code dim} (0 or 1) as the matrix rows. */
    public static <M extends Module> M apply(M module, String name, int dim, float eps, Rng rng) {
        new SpectralNorm(module, name, dim, eps, rng);
        return module;
    }

    /** The axis of the weight whose entries are the rows of W. */
    public int dim() {
        return dim;
    }

    /** The smallest norm a vector is divided by. */
    public float eps() {
        return eps;
    }

    /** The normalised weight, after one power iteration in training mode. */
    @Override
    public Var get() {
        if (module.isTraining()) {
            powerIteration();
        }
        return Normalization.spectralNormalise(weight, dim, u, v);
    }

    // v = normalise(W^T u), u = normalise(W v), in place (through the layer's own scratch vectors)
    private void powerIteration() {
        SpectralNormMath.powerIteration(Normalization.spectralMatrix(weight.value(), dim), u, v, eps, uNext, vNext);
    }

    private Tensor normalise(Tensor x) {
        return SpectralNormMath.normaliseInto(x, eps, Tensor.zeros(x.shape()));
    }
}
