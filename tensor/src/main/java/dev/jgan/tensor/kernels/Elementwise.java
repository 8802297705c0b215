package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-by-element arithmetic on same-shape tensors, and with a scalar.
 *
 * <p>Each {@code xxxInto} writes into {@code out}, which must have the operands' shape and
 * may be one of them (in place); {@code xxx} allocates the result.
 */
public final class Elementwise {
    private static final VectorSpecies<Float> F = Vectors.FLOAT;

    private Elementwise() {}

    /** a + b. */
    public static Tensor add(Tensor a, Tensor b) {
        return addInto(a, b, Tensor.zeros(a.shape()));
    }

    public static Tensor addInto(Tensor a, Tensor b, Tensor out) {
        requireBinary("add", a, b, out);
        float[] x = a.data(), y = b.data(), o = out.data();
        Parallel.forRange(o.length, Grain.CHEAP, (from, to) -> {
            int i = from;
            for (int bound = from + Vectors.loopBound(to - from); i < bound; i += F.length()) {
                FloatVector.fromArray(F, x, i).add(FloatVector.fromArray(F, y, i)).intoArray(o, i);
            }
            for (; i < to; i++) {
                o[i] = x[i] + y[i];
            }
        });
        return out;
    }

    /** a - b. */
    public static Tensor sub(Tensor a, Tensor b) {
        return subInto(a, b, Tensor.zeros(a.shape()));
    }

    public static Tensor subInto(Tensor a, Tensor b, Tensor out) {
        requireBinary("sub", a, b, out);
        float[] x = a.data(), y = b.data(), o = out.data();
        Parallel.forRange(o.length, Grain.CHEAP, (from, to) -> {
            int i = from;
            for (int bound = from + Vectors.loopBound(to - from); i < bound; i += F.length()) {
                FloatVector.fromArray(F, x, i).sub(FloatVector.fromArray(F, y, i)).intoArray(o, i);
            }
            for (; i < to; i++) {
                o[i] = x[i] - y[i];
            }
        });
        return out;
    }

    /** a * b. */
    public static Tensor mul(Tensor a, Tensor b) {
        return mulInto(a, b, Tensor.zeros(a.shape()));
    }

    public static Tensor mulInto(Tensor a, Tensor b, Tensor out) {
        requireBinary("mul", a, b, out);
        float[] x = a.data(), y = b.data(), o = out.data();
        Parallel.forRange(o.length, Grain.CHEAP, (from, to) -> {
            int i = from;
            for (int bound = from + Vectors.loopBound(to - from); i < bound; i += F.length()) {
                FloatVector.fromArray(F, x, i).mul(FloatVector.fromArray(F, y, i)).intoArray(o, i);
            }
            for (; i < to; i++) {
                o[i] = x[i] * y[i];
            }
        });
        return out;
    }

    /** a / b. */
    public static Tensor div(Tensor a, Tensor b) {
        return divInto(a, b, Tensor.zeros(a.shape()));
    }

    public static Tensor divInto(Tensor a, Tensor b, Tensor out) {
        requireBinary("div", a, b, out);
        float[] x = a.data(), y = b.data(), o = out.data();
        Parallel.forRange(o.length, Grain.CHEAP, (from, to) -> {
            int i = from;
            for (int bound = from + Vectors.loopBound(to - from); i < bound; i += F.length()) {
                FloatVector.fromArray(F, x, i).div(FloatVector.fromArray(F, y, i)).intoArray(o, i);
            }
            for (; i < to; i++) {
                o[i] = x[i] / y[i];
            }
        });
        return out;
    }

    /** a + alpha * b (axpy). */
    public static Tensor addScaled(Tensor a, Tensor b, float alpha) {
        return addScaledInto(a, b, alpha, Tensor.zeros(a.shape()));
    }

    /** out = a + alpha * b; with out == a this accumulates alpha * b into a. */
    public static Tensor addScaledInto(Tensor a, Tensor b, float alpha, Tensor out) {
        requireBinary("addScaled", a, b, out);
        float[] x = a.data(), y = b.data(), o = out.data();
        Parallel.forRange(o.length, Grain.CHEAP, (from, to) -> {
            FloatVector va = FloatVector.broadcast(F, alpha);
            int i = from;
            for (int bound = from + Vectors.loopBound(to - from); i < bound; i += F.length()) {
                FloatVector.fromArray(F, y, i).fma(va, FloatVector.fromArray(F, x, i)).intoArray(o, i);
            }
            for (; i < to; i++) {
                o[i] = Math.fma(y[i], alpha, x[i]);
            }
        });
        return out;
    }

    /** a + s. */
    public static Tensor addScalar(Tensor a, float s) {
        return addScalarInto(a, s, Tensor.zeros(a.shape()));
    }

    public static Tensor addScalarInto(Tensor a, float s, Tensor out) {
        requireUnary("addScalar", a, out);
        float[] x = a.data(), o = out.data();
        Parallel.forRange(o.length, Grain.CHEAP, (from, to) -> {
            FloatVector vs = FloatVector.broadcast(F, s);
            int i = from;
            for (int bound = from + Vectors.loopBound(to - from); i < bound; i += F.length()) {
                FloatVector.fromArray(F, x, i).add(vs).intoArray(o, i);
            }
            for (; i < to; i++) {
                o[i] = x[i] + s;
            }
        });
        return out;
    }

    /**
     * average = keep average + take value in place, each product rounded to float before the sum (a moving
     * average, as a GPU kernel without contraction computes it); returns average.
     */
    public static Tensor blendInto(float keep, Tensor average, float take, Tensor value) {
        Shapes.requireSame("blend value", average.shape(), value.shape());
        float[] a = average.data(), w = value.data();
        for (int i = 0; i < a.length; i++) {
            a[i] = keep * a[i] + take * w[i];
        }
        return average;
    }

    /** s * a. */
    public static Tensor scale(Tensor a, float s) {
        return scaleInto(a, s, Tensor.zeros(a.shape()));
    }

    public static Tensor scaleInto(Tensor a, float s, Tensor out) {
        requireUnary("scale", a, out);
        float[] x = a.data(), o = out.data();
        Parallel.forRange(o.length, Grain.CHEAP, (from, to) -> {
            FloatVector vs = FloatVector.broadcast(F, s);
            int i = from;
            for (int bound = from + Vectors.loopBound(to - from); i < bound; i += F.length()) {
                FloatVector.fromArray(F, x, i).mul(vs).intoArray(o, i);
            }
            for (; i < to; i++) {
                o[i] = x[i] * s;
            }
        });
        return out;
    }

    /** Copies {@code a} into {@code out} (same shape), in parallel for large tensors. */
    public static Tensor copyInto(Tensor a, Tensor out) {
        requireUnary("copy", a, out);
        float[] x = a.data(), o = out.data();
        Parallel.forRange(o.length, Grain.CHEAP, (from, to) -> System.arraycopy(x, from, o, from, to - from));
        return out;
    }

    static void requireUnary(String op, Tensor a, Tensor out) {
        Shapes.requireSame(op + ": out", a.shape(), out.shape());
    }

    static void requireBinary(String op, Tensor a, Tensor b, Tensor out) {
        Shapes.requireSame(op + ": b (against a)", a.shape(), b.shape());
        Shapes.requireSame(op + ": out", a.shape(), out.shape());
    }
}
