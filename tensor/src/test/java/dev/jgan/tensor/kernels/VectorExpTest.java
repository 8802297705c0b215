package dev.jgan.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

class VectorExpTest {
    static final List<VectorSpecies<Float>> WIDTHS =
            List.of(FloatVector.SPECIES_64, FloatVector.SPECIES_128, FloatVector.SPECIES_256, FloatVector.SPECIES_512);

    /** Where exp's behaviour changes: zeros, tiny values, the overflow and underflow edges, non-finite values. */
    static final float[] EDGES = {
        0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, 1e-30f, -1e-30f, 1e-7f,
        -1e-7f, 1f, -1f, 0.34657359f, -0.34657359f, 0.6931472f, -0.6931472f, 88.7f, -88.7f, 88.72283f, 88.72284f,
        -87.3f, -87.33655f, -87.33654f, -103.9f, -103.972f, -103.97208f, -103.98f, 89f, -104f, 100f, -200f,
        Float.MAX_VALUE, -Float.MAX_VALUE, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.intBitsToFloat(0x7fc0_1234), Float.intBitsToFloat(0xffa0_0001),
    };

    @Test
    void vectorLanesMatchTheScalarBitForBitAtEveryWidth() {
        float[] x = inputsAcrossAllFloats();
        for (VectorSpecies<Float> species : WIDTHS) {
            int lanes = species.length();
            float[] y = new float[x.length];
            for (int i = 0; i < x.length; i += lanes) {
                VectorExp.exp(FloatVector.fromArray(species, x, i)).intoArray(y, i);
            }
            for (int i = 0; i < x.length; i++) {
                float expected = VectorExp.exp(x[i]);
                if (Float.floatToIntBits(y[i]) != Float.floatToIntBits(expected)) {
                    throw new AssertionError(species + ": exp(" + x[i] + ") lane gives " + y[i] + ", scalar "
                            + expected);
                }
            }
        }
    }

    @Test
    void withinOneUlpOfFloat64OverTheWholeRange() {
        SplittableRandom random = new SplittableRandom(11);
        double worst = 0;
        float worstAt = 0;
        for (int i = 0; i < 400_000; i++) {
            float x;
            if (i < EDGES.length) {
                x = EDGES[i];
            } else if (i % 4 == 0) {
                x = (float) Math.scalb(random.nextDouble(-1, 1), -random.nextInt(40));
            } else {
                x = (float) random.nextDouble(-103.99, 88.73);
            }
            double ulps = ulpError(VectorExp.exp(x), x);
            if (ulps > worst) {
                worst = ulps;
                worstAt = x;
            }
        }
        assertTrue(worst <= 1.0, "max error " + worst + " ulp at x = " + worstAt);
    }

    @Test
    void specialValues() {
        assertEquals(1f, VectorExp.exp(0f));
        assertEquals(1f, VectorExp.exp(-0f));
        assertEquals(1f, VectorExp.exp(Float.MIN_VALUE));
        assertEquals(1f, VectorExp.exp(-Float.MIN_VALUE));
        assertEquals(Float.POSITIVE_INFINITY, VectorExp.exp(88.72284f));
        assertEquals(Float.POSITIVE_INFINITY, VectorExp.exp(Float.MAX_VALUE));
        assertEquals(Float.POSITIVE_INFINITY, VectorExp.exp(Float.POSITIVE_INFINITY));
        assertTrue(VectorExp.exp(88.72283f) < Float.POSITIVE_INFINITY);
        assertTrue(VectorExp.exp(-103.9f) > 0f && VectorExp.exp(-103.9f) < Float.MIN_NORMAL, "subnormals are kept");
        assertEquals(0f, VectorExp.exp(-103.98f));
        assertEquals(0f, VectorExp.exp(-Float.MAX_VALUE));
        assertEquals(0f, VectorExp.exp(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(VectorExp.exp(Float.NaN)));
        assertTrue(Float.isNaN(VectorExp.exp(Float.intBitsToFloat(0xffa0_0001))));
    }

    /** |got - e^x| in units of the float spacing at e^x (float64 reference); a wrong inf or 0 counts as infinite. */
    private static double ulpError(float got, float x) {
        double exact = StrictMath.exp(x);
        float rounded = (float) exact;
        if (Float.isInfinite(rounded) || Float.isInfinite(got)) {
            return got == rounded ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.abs(got - exact) / Math.ulp(rounded);
    }

    /** Edge values, an even sweep of every 32-bit pattern (NaNs and infinities included) and dense random values. */
    private static float[] inputsAcrossAllFloats() {
        int sweep = 1 << 15, dense = 1 << 14, widest = FloatVector.SPECIES_512.length();
        float[] x = new float[(EDGES.length + sweep + dense + widest - 1) / widest * widest];
        System.arraycopy(EDGES, 0, x, 0, EDGES.length);
        int at = EDGES.length;
        for (int i = 0; i < sweep; i++) {
            x[at++] = Float.intBitsToFloat(i * 131_071 + 12_345);
        }
        SplittableRandom random = new SplittableRandom(7);
        while (at < x.length) {
            x[at++] = (float) random.nextDouble(-110, 95);
        }
        return x;
    }
}
