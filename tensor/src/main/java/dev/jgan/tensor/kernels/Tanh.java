package dev.jgan.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * tanh in float arithmetic only (multiplies, fused multiply-adds, one division), so a lane and the
 * scalar form give the same bits in interpreted and compiled code, unlike the Vector API's own
 * TANH. Within 2 ulp of the correctly rounded value; tanh(-0) = -0, +-1 from |x| = 9.1 on (where
 * the exact value rounds to 1 in float), NaN stays NaN.
 *
 * <p>With a = |x|: below 0.625, tanh a = a + a s Q(s), s = a^2, Q a degree-4 fit of
 * (tanh a - a) / a^3 (relative error under 1e-8 over [0, 0.625]); from 0.625 on,
 * tanh a = (1 - e) / (1 + e), e = exp(-2a) = 2^k exp(r), -2a = k ln 2 + r, |r| <= ln 2 / 2, exp(r)
 * by its Taylor polynomial to r^7 (remainder under 6e-9). The sign of x is put back last.
 */
final class Tanh {
    private static final float SMALL = 0.625f;
    private static final float SATURATED = 9.1f;
    private static final float Q0 = -0.333332896232605f;
    private static final float Q1 = 0.13331682980060577f;
    private static final float Q2 = -0.0537605918943882f;
    private static final float Q3 = 0.020708972588181496f;
    private static final float Q4 = -0.005784622859209776f;
    private static final float INV_LN2 = 1.4426950216293335f;
    private static final float LN2_HIGH = 0.6931471824645996f;
    private static final float LN2_LOW = -1.904654323148236e-9f;
    private static final float E2 = 0.5f;
    private static final float E3 = 0.1666666716337204f;
    private static final float E4 = 0.0416666679084301f;
    private static final float E5 = 0.008333333767950535f;
    private static final float E6 = 0.0013888889225199819f;
    private static final float E7 = 0.00019841270113829523f;
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
            float m = -2f * a;
            float k = (int) Math.fma(m, INV_LN2, -0.5f);
            float r = Math.fma(-k, LN2_LOW, Math.fma(-k, LN2_HIGH, m));
            float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(E7, r, E6), r, E5), r, E4), r, E3), r, E2), r, 1f);
            float e = Math.fma(p, r, 1f) * Float.intBitsToFloat(((int) k + 127) << 23);
            t = (1f - e) / (1f + e);
        }
        return Float.intBitsToFloat(Float.floatToRawIntBits(t) | (Float.floatToRawIntBits(x) & SIGN));
    }

    static FloatVector of(FloatVector x) {
        FloatVector a = x.abs().min(SATURATED);
        FloatVector s = a.mul(a);
        FloatVector q = s.fma(Q4, Q3).fma(s, c(x, Q2)).fma(s, c(x, Q1)).fma(s, c(x, Q0));
        FloatVector small = a.mul(s).fma(q, a);
        FloatVector m = a.mul(-2f);
        IntVector k = (IntVector) m.fma(INV_LN2, -0.5f).convert(VectorOperators.F2I, 0);
        FloatVector minusK = ((FloatVector) k.convert(VectorOperators.I2F, 0)).neg();
        FloatVector r = minusK.fma(c(x, LN2_LOW), minusK.fma(c(x, LN2_HIGH), m));
        FloatVector p = r.fma(E7, E6).fma(r, c(x, E5)).fma(r, c(x, E4)).fma(r, c(x, E3)).fma(r, c(x, E2))
                .fma(r, c(x, 1f));
        FloatVector scale = k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector e = p.fma(r, c(x, 1f)).mul(scale);
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
