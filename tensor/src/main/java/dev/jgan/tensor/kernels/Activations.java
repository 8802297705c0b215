package dev.jgan.tensor.kernels;

import static dev.jgan.tensor.kernels.Elementwise.requireBinary;
import static dev.jgan.tensor.kernels.Elementwise.requireUnary;

import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Pointwise activations and their backward kernels.
 *
 * <p>The Vector API's transcendental lanewise ops give different bits in interpreted and
 * JIT-compiled code, which would make a training run depend on when the JIT kicks in: tanh is
 * computed with float arithmetic of our own ({@link Tanh}), the same in every lane and in scalar
 * code; sigmoid, exp and log use StrictMath lane by lane.
 *
 * <p>{@code xxxInto} writes into {@code out} (same shape; may alias the input); {@code xxx}
 * allocates. Backward kernels take the upstream gradient {@code dy} and the saved forward
 * output {@code y} or input {@code x}, as each one's comment says.
 */
public final class Activations {
    private static final VectorSpecies<Float> F = Vectors.FLOAT;

    private Activations() {}

    // ---- forward --------------------------------------------------------------------------

    /** max(x, 0). */
    public static Tensor relu(Tensor x) {
        return reluInto(x, Tensor.zeros(x.shape()));
    }

    public static Tensor reluInto(Tensor x, Tensor out) {
        requireUnary("relu", x, out);
        return rectify(x, Rectifier.relu(), out);
    }

    /** x for x > 0, slope * x otherwise. */
    public static Tensor leakyRelu(Tensor x, float slope) {
        return leakyReluInto(x, slope, Tensor.zeros(x.shape()));
    }

    public static Tensor leakyReluInto(Tensor x, float slope, Tensor out) {
        requireUnary("leakyRelu", x, out);
        return rectify(x, Rectifier.leaky(slope), out);
    }

    private static Tensor rectify(Tensor x, Rectifier activation, Tensor out) {
        float[] a = x.data(), o = out.data();
        Parallel.forRange(o.length, Grain.CHEAP, (from, to) -> {
            int i = from;
            for (int bound = from + Vectors.loopBound(to - from); i < bound; i += F.length()) {
                activation.apply(FloatVector.fromArray(F, a, i)).intoArray(o, i);
            }
            for (; i < to; i++) {
                o[i] = activation.apply(a[i]);
            }
        });
        return out;
    }

    /** tanh(x); saturates to exactly +-1. */
    public static Tensor tanh(Tensor x) {
        return tanhInto(x, Tensor.zeros(x.shape()));
    }

    public static Tensor tanhInto(Tensor x, Tensor out) {
        requireUnary("tanh", x, out);
        float[] a = x.data(), o = out.data();
        Parallel.forRange(o.length, Grain.CHEAP, (from, to) -> {
            int i = from;
            for (int bound = from + Vectors.loopBound(to - from); i < bound; i += F.length()) {
                Tanh.of(FloatVector.fromArray(F, a, i)).intoArray(o, i);
            }
            for (; i < to; i++) {
                o[i] = Tanh.of(a[i]);
            }
        });
        return out;
    }

    /** 1 / (1 + exp(-x)); exact 0 or 1 where it underflows or saturates, never NaN for finite x. */
    public static Tensor sigmoid(Tensor x) {
        return sigmoidInto(x, Tensor.zeros(x.shape()));
    }

    public static Tensor sigmoidInto(Tensor x, Tensor out) {
        requireUnary("sigmoid", x, out);
        float[] a = x.data(), o = out.data();
        Parallel.forRange(o.length, Grain.TRANSCENDENTAL, (from, to) -> {
            for (int i = from; i < to; i++) {
                o[i] = (float) (1.0 / (1.0 + StrictMath.exp(-a[i])));
            }
        });
        return out;
    }

    /** exp(x). */
    public static Tensor exp(Tensor x) {
        return expInto(x, Tensor.zeros(x.shape()));
    }

    public static Tensor expInto(Tensor x, Tensor out) {
        requireUnary("exp", x, out);
        float[] a = x.data(), o = out.data();
        Parallel.forRange(o.length, Grain.TRANSCENDENTAL, (from, to) -> {
            for (int i = from; i < to; i++) {
                o[i] = (float) StrictMath.exp(a[i]);
            }
        });
        return out;
    }

    /** Natural logarithm (NaN below 0, -inf at 0). */
    public static Tensor log(Tensor x) {
        return logInto(x, Tensor.zeros(x.shape()));
    }

    public static Tensor logInto(Tensor x, Tensor out) {
        requireUnary("log", x, out);
        float[] a = x.data(), o = out.data();
        Parallel.forRange(o.length, Grain.TRANSCENDENTAL, (from, to) -> {
            for (int i = from; i < to; i++) {
                o[i] = (float) StrictMath.log(a[i]);
            }
        });
        return out;
    }

    /** min(max(x, min), max). */
    public static Tensor clamp(Tensor x, float min, float max) {
        return clampInto(x, min, max, Tensor.zeros(x.shape()));
    }

    public static Tensor clampInto(Tensor x, float min, float max, Tensor out) {
        requireUnary("clamp", x, out);
        requireOrdered(min, max);
        float[] a = x.data(), o = out.data();
        Parallel.forRange(o.length, Grain.CHEAP, (from, to) -> {
            int i = from;
            for (int bound = from + Vectors.loopBound(to - from); i < bound; i += F.length()) {
                FloatVector.fromArray(F, a, i).max(min).min(max).intoArray(o, i);
            }
            for (; i < to; i++) {
                o[i] = Math.min(Math.max(a[i], min), max);
            }
        });
        return out;
    }

    // ---- backward -------------------------------------------------------------------------

    /** Gradient of relu from its output y (or input x: same sign). */
    public static Tensor reluBackward(Tensor dy, Tensor y) {
        return reluBackwardInto(dy, y, Tensor.zeros(dy.shape()));
    }

    // y = max(x, 0)  =>  dx = dy [y > 0]
    public static Tensor reluBackwardInto(Tensor dy, Tensor y, Tensor dx) {
        requireBinary("reluBackward", dy, y, dx);
        return rectifyBackward(dy, y, Rectifier.relu(), dx);
    }

    /** Gradient of leakyRelu from its input x. */
    public static Tensor leakyReluBackward(Tensor dy, Tensor x, float slope) {
        return leakyReluBackwardInto(dy, x, slope, Tensor.zeros(dy.shape()));
    }

    // y = x for x > 0, slope x otherwise  =>  dx = dy (x > 0 ? 1 : slope)
    public static Tensor leakyReluBackwardInto(Tensor dy, Tensor x, float slope, Tensor dx) {
        requireBinary("leakyReluBackward", dy, x, dx);
        return rectifyBackward(dy, x, Rectifier.leaky(slope), dx);
    }

    private static Tensor rectifyBackward(Tensor dy, Tensor sign, Rectifier activation, Tensor dx) {
        float[] g = dy.data(), s = sign.data(), o = dx.data();
        Parallel.forRange(o.length, Grain.CHEAP, (from, to) -> {
            int i = from;
            for (int bound = from + Vectors.loopBound(to - from); i < bound; i += F.length()) {
                activation.gradient(FloatVector.fromArray(F, g, i), FloatVector.fromArray(F, s, i)).intoArray(o, i);
            }
            for (; i < to; i++) {
                o[i] = activation.gradient(g[i], s[i]);
            }
        });
        return dx;
    }

    /** Gradient of tanh from its output y. */
    public static Tensor tanhBackward(Tensor dy, Tensor y) {
        return tanhBackwardInto(dy, y, Tensor.zeros(dy.shape()));
    }

    public static Tensor tanhBackwardInto(Tensor dy, Tensor y, Tensor dx) {
        requireBinary("tanhBackward", dy, y, dx);
        float[] g = dy.data(), s = y.data(), o = dx.data();
        Parallel.forRange(o.length, Grain.CHEAP, (from, to) -> {
            FloatVector one = FloatVector.broadcast(F, 1f);
            int i = from;
            for (int bound = from + Vectors.loopBound(to - from); i < bound; i += F.length()) {
                FloatVector saved = FloatVector.fromArray(F, s, i);
                one.sub(saved.mul(saved)).mul(FloatVector.fromArray(F, g, i)).intoArray(o, i);
            }
            for (; i < to; i++) {
                o[i] = g[i] * (1f - s[i] * s[i]); // dx = dy * (1 - y^2)
            }
        });
        return dx;
    }

    /** Gradient of sigmoid from its output y. */
    public static Tensor sigmoidBackward(Tensor dy, Tensor y) {
        return sigmoidBackwardInto(dy, y, Tensor.zeros(dy.shape()));
    }

    public static Tensor sigmoidBackwardInto(Tensor dy, Tensor y, Tensor dx) {
        requireBinary("sigmoidBackward", dy, y, dx);
        float[] g = dy.data(), s = y.data(), o = dx.data();
        Parallel.forRange(o.length, Grain.CHEAP, (from, to) -> {
            FloatVector one = FloatVector.broadcast(F, 1f);
            int i = from;
            for (int bound = from + Vectors.loopBound(to - from); i < bound; i += F.length()) {
                FloatVector saved = FloatVector.fromArray(F, s, i);
                FloatVector.fromArray(F, g, i).mul(saved).mul(one.sub(saved)).intoArray(o, i);
            }
            for (; i < to; i++) {
                o[i] = g[i] * s[i] * (1f - s[i]); // dx = dy * y * (1 - y)
            }
        });
        return dx;
    }

    /** Gradient of clamp from its input x: passes where min <= x <= max (as PyTorch). */
    public static Tensor clampBackward(Tensor dy, Tensor x, float min, float max) {
        return clampBackwardInto(dy, x, min, max, Tensor.zeros(dy.shape()));
    }

    public static Tensor clampBackwardInto(Tensor dy, Tensor x, float min, float max, Tensor dx) {
        requireBinary("clampBackward", dy, x, dx);
        requireOrdered(min, max);
        float[] g = dy.data(), s = x.data(), o = dx.data();
        Parallel.forRange(o.length, Grain.CHEAP, (from, to) -> {
            FloatVector zero = FloatVector.zero(F);
            int i = from;
            for (int bound = from + Vectors.loopBound(to - from); i < bound; i += F.length()) {
                FloatVector saved = FloatVector.fromArray(F, s, i);
                var inside = saved.compare(VectorOperators.GE, min).and(saved.compare(VectorOperators.LE, max));
                zero.blend(FloatVector.fromArray(F, g, i), inside).intoArray(o, i);
            }
            for (; i < to; i++) {
                o[i] = s[i] >= min && s[i] <= max ? g[i] : 0f; // dx = dy * [min <= x <= max]
            }
        });
        return dx;
    }

    private static void requireOrdered(float min, float max) {
        if (!(min <= max)) {
            throw new IllegalArgumentException("clamp: min " + min + " must not exceed max " + max);
        }
    }
}
