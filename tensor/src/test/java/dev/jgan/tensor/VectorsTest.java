package dev.jgan.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class VectorsTest {

    @Test
    void sumLanesAddsInLaneOrder() {
        Rng rng = new Rng(3);
        float[] values = new float[Vectors.LANES];
        for (int trial = 0; trial < 100; trial++) {
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(8) - 4));
            }
            float expected = 0f;
            for (float v : values) {
                expected += v;
            }
            float actual = Vectors.sumLanes(FloatVector.fromArray(Vectors.FLOAT, values, 0));
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual), "trial " + trial);
        }
    }
}
