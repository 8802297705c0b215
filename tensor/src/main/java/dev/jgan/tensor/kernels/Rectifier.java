package dev.jgan.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * ReLU or leaky ReLU, lane-wise and scalar, so the standalone activation kernels and the ones
 * fused into other kernels give the same bits: y = z for z > 0, otherwise 0 (ReLU, always +0)
 * or slope z (leaky).
 */
public final class Rectifier {
    private static final Rectifier RELU = new Rectifier(false, 0f);

    private final boolean leaky;
    private final float slope;

    private Rectifier(boolean leaky, float slope) {
        this.leaky = leaky;
        this.slope = slope;
    }

    /** max(z, 0). */
    public static Rectifier relu() {
        return RELU;
    }

    /** z for z > 0, slope z otherwise. */
    public static Rectifier leaky(float slope) {
        return new Rectifier(true, slope);
    }

    FloatVector apply(FloatVector z) {
        return below(z).blend(z, z.compare(VectorOperators.GT, 0f));
    }

    float apply(float z) {
        return z > 0f ? z : leaky ? z * slope : 0f;
    }

    /**
     * dz = dy for z > 0, slope dy (or 0) otherwise, read from {@code sign}: z itself or the
     * rectified y, which is positive exactly where z is.
     */
    FloatVector gradient(FloatVector dy, FloatVector sign) {
        return below(dy).blend(dy, sign.compare(VectorOperators.GT, 0f));
    }

    float gradient(float dy, float sign) {
        return sign > 0f ? dy : leaky ? dy * slope : 0f;
    }

    private FloatVector below(FloatVector v) {
        return leaky ? v.mul(slope) : FloatVector.zero(v.species());
    }

    @Override
    public String toString() {
        return leaky ? "leaky ReLU (slope " + slope + ")" : "ReLU";
    }
}
