package dev.jgan.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;

/**
 * tanh in float arithmetic only (multiplies, fused multiply-adds, one division, and
 * {@link VectorExp}), so a lane and the scalar form give the same bits in interpreted and compiled
 * code, unlike the Vector API's own TANH. Within 2 ulp of the correctly rounded value; tanh(-0) = -0,
 * +-1 from |x| = 9.1 on (where the exact value rounds to 1 in float), NaN stays NaN.
 *
 * <p>With a = |x|: below 0.625, tanh a = a + a s Q(s), s = a^2, Q a degree-4 fit of
 * (tanh a - a) / a^3 (relative error under 1e-8 over [0, 0.625]); from 0.625 on,
 * tanh a = (1 - e) / (1 + e) with e = exp(-2a) at most 0.29, so neither side cancels. The sign of x
 * is put back last.
 */
final class Tanh {
    private static final float SMALL = 0.625f;
    private static final float SATURATED = 9.1f;
    private static final float Q0 = -0.333332896232605f;
    private static final float Q1 = 0.13331682980060577f;
    private static final float Q2 = -0.0537605918943882f;
    private static final float Q3 = 0.020708972588181496f;
    private static final float Q4 = -0.005784622859209776f;
    private static final int SIGN = 0x80000000;

    private Tanh() {}

    static float of(float x) {
        float a = Math.min(Math.abs(x), SATURATED);
        float t;
        if (a < SMALL) {
            float s = a * a;
            float q = Math.fma(Math.fma(Math.fma(Math.fma(Q4, s, Q3), s, Q2), s, Q1), s, Q0);
            t = Math.fma(a * s, q, a);
        } else {
            float e = VectorExp.exp(-2f * a);
            t = (1f - e) / (1f + e);
        }
        return Float.intBitsToFloat(Float.floatToRawIntBits(t) | (Float.floatToRawIntBits(x) & SIGN));
    }

    static FloatVector of(FloatVector x) {
        FloatVector a = x.abs().min(SATURATED);
        FloatVector s = a.mul(a);
        FloatVector q = s.fma(Q4, Q3).fma(s, c(x, Q2)).fma(s, c(x, Q1)).fma(s, c(x, Q0));
        FloatVector small = a.mul(s).fma(q, a);
        FloatVector e = VectorExp.exp(a.mul(-2f));
        FloatVector large = e.neg().add(1f).div(e.add(1f));
        FloatVector t = large.blend(small, a.lt(SMALL));
        IntVector sign = x.reinterpretAsInts().and(SIGN);
        return t.reinterpretAsInts().or(sign).reinterpretAsFloats();
    }

    /** The constant in every lane of x's shape. */
    private static FloatVector c(FloatVector x, float value) {
        return FloatVector.broadcast(x.species(), value);
    }
}
