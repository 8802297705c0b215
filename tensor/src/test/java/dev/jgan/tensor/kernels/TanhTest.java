package dev.jgan.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Vectors;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** tanh against StrictMath in float64, in ulp of the float result; lanes and scalars give the same bits. */
class TanhTest {

    @Test
    void staysWithinTwoUlpOfTheCorrectlyRoundedValue() {
        Rng rng = new Rng(7);
        float[] x = new float[1 << 21];
        for (int i = 0; i < x.length; i++) {
            // half a sweep of [-10, 10], half spread over magnitudes from 1e-8 to 30
            x[i] = i % 2 == 0 ? -10f + 20f * i / x.length
                    : (rng.nextFloat() < 0.5f ? -1 : 1) * (float) Math.pow(10, -8 + 9.5 * rng.nextFloat());
        }
        double worst = 0;
        float worstAt = 0;
        float[] lanes = vectorTanh(x);
        for (int i = 0; i < x.length; i++) {
            double exact = StrictMath.tanh(x[i]);
            double ulps = Math.abs(Tanh.of(x[i]) - exact) / Math.ulp((float) exact);
            if (ulps > worst) {
                worst = ulps;
                worstAt = x[i];
            }
            assertEquals(Float.floatToRawIntBits(Tanh.of(x[i])), Float.floatToRawIntBits(lanes[i]), "lane and scalar at " + x[i]);
        }
        assertTrue(worst <= 2.0, "worst error " + worst + " ulp at x = " + worstAt);
    }

    @Test
    void keepsSignedZeroSaturatesAndPassesNaN() {
        float[] x = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-30f, 0.625f, Math.nextDown(0.625f), 9.1f, 9.2f,
                -50f, Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        float[] expected = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-30f, (float) StrictMath.tanh(0.625f),
                (float) StrictMath.tanh(Math.nextDown(0.625f)), 1f, 1f, -1f, 1f, 1f, -1f, Float.NaN};
        float[] lanes = vectorTanh(x);
        for (int i = 0; i < x.length; i++) {
            float delta = Float.isNaN(expected[i]) ? 0f : Math.ulp(expected[i]);
            assertEquals(expected[i], Tanh.of(x[i]), delta, "tanh(" + x[i] + ")");
            // NaN's payload and sign are the hardware's; any NaN will do
            assertEquals(Float.floatToIntBits(Tanh.of(x[i])), Float.floatToIntBits(lanes[i]), "lane at " + x[i]);
        }
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(Tanh.of(-0f)));
    }

    /** Tanh.of over whole vectors of x, padded with zeros to a whole number of them. */
    private static float[] vectorTanh(float[] x) {
        int lanes = Vectors.LANES;
        float[] padded = new float[(x.length + lanes - 1) / lanes * lanes];
        System.arraycopy(x, 0, padded, 0, x.length);
        float[] out = new float[padded.length];
        for (int i = 0; i < padded.length; i += lanes) {
            Tanh.of(FloatVector.fromArray(Vectors.FLOAT, padded, i)).intoArray(out, i);
        }
        return out;
    }
}
