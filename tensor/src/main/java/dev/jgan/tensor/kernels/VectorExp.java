package dev.jgan.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * exp(x) for float32 built only from operations that IEEE 754 and the JVM define exactly (add,
 * multiply, fused multiply-add, min/max, integer shifts on the bits), so every JIT tier gives the
 * same bits. The Vector API's own {@code EXP} is an intrinsic in C2 but Java code before that, and
 * the two can differ in the last bit, which would make a result depend on how warm the JVM is.
 *
 * <p>{@link #exp(FloatVector)} (any species) and {@link #exp(float)} run the same operations in
 * the same order, so a vector body and its scalar tail agree bit for bit.
 *
 * <p>Method: x = k ln2 + r with k = round(x / ln2) and ln2 split in two floats (Cody-Waite; x - k
 * ln2_hi is exact under fma), |r| <= ln2 / 2; e^r from a degree-7 polynomial evaluated by
 * Horner's rule with fma; the result is scaled by 2^k as two factors 2^(k/2) and 2^(k - k/2) so
 * neither overflows. Within 1 ulp of the true value over the float range, subnormal results
 * included (they are rounded once, not flushed); x above about 88.72 gives +inf, below about
 * -103.97 gives 0; -inf gives 0, +inf gives +inf, NaN gives NaN.
 */
public final class VectorExp {
    /** Inputs are clamped to [LOWEST, HIGHEST] first: beyond them the result is already 0 or inf. */
    private static final float LOWEST = -104f;
    private static final float HIGHEST = 89f;
    private static final float LOG2_E = 0x1.715476p0f;
    /** 1.5 * 2^23: adding it rounds to an integer, which then sits in the low bits of the sum. */
    private static final float ROUNDER = 0x1.8p23f;
    private static final int ROUNDER_BITS = 0x4b40_0000;
    /** ln2 = LN2_HI + LN2_LO to about 2^-54. */
    private static final float LN2_HI = 0x1.62e43p-1f;
    private static final float LN2_LO = -0x1.05c61p-29f;
    /** e^r ~ 1 + r + r^2/2 + C3 r^3 + ... + C7 r^7 on |r| <= ln2 / 2 (minimax, as in SLEEF's expf). */
    private static final float C3 = 0x1.555556p-3f;
    private static final float C4 = 0x1.5554f4p-5f;
    private static final float C5 = 0x1.11114cp-7f;
    private static final float C6 = 0x1.6d2d92p-10f;
    private static final float C7 = 0x1.a057b4p-13f;
    private static final int EXPONENT_BIAS = 127;
    private static final int MANTISSA_BITS = 23;

    private VectorExp() {}

    /** exp of every lane of x; each lane has exactly the bits {@link #exp(float)} gives for it. */
    public static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(LOWEST).min(HIGHEST);
        FloatVector t = c.fma(LOG2_E, ROUNDER);
        FloatVector k = t.sub(ROUNDER);
        FloatVector r = k.lanewise(VectorOperators.FMA, -LN2_HI, c);
        r = k.lanewise(VectorOperators.FMA, -LN2_LO, r);
        FloatVector p = r.fma(C7, C6);
        p = p.lanewise(VectorOperators.FMA, r, C5);
        p = p.lanewise(VectorOperators.FMA, r, C4);
        p = p.lanewise(VectorOperators.FMA, r, C3);
        p = p.lanewise(VectorOperators.FMA, r, 0.5f);
        p = p.lanewise(VectorOperators.FMA, r, 1f);
        p = p.lanewise(VectorOperators.FMA, r, 1f);
        IntVector ki = t.reinterpretAsInts().sub(ROUNDER_BITS);
        IntVector half = ki.lanewise(VectorOperators.ASHR, 1);
        FloatVector scale1 = half.add(EXPONENT_BIAS).lanewise(VectorOperators.LSHL, MANTISSA_BITS).reinterpretAsFloats();
        FloatVector scale2 = ki.sub(half).add(EXPONENT_BIAS).lanewise(VectorOperators.LSHL, MANTISSA_BITS)
                .reinterpretAsFloats();
        return p.mul(scale1).mul(scale2);
    }

    /** exp(x) by the same operations as {@link #exp(FloatVector)}. */
    public static float exp(float x) {
        float c = Math.min(Math.max(x, LOWEST), HIGHEST);
        float t = Math.fma(c, LOG2_E, ROUNDER);
        float k = t - ROUNDER;
        float r = Math.fma(k, -LN2_HI, c);
        r = Math.fma(k, -LN2_LO, r);
        float p = Math.fma(r, C7, C6);
        p = Math.fma(p, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, 0.5f);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        int ki = Float.floatToRawIntBits(t) - ROUNDER_BITS;
        int half = ki >> 1;
        float scale1 = Float.intBitsToFloat((half + EXPONENT_BIAS) << MANTISSA_BITS);
        float scale2 = Float.intBitsToFloat((ki - half + EXPONENT_BIAS) << MANTISSA_BITS);
        return p * scale1 * scale2;
    }
}
