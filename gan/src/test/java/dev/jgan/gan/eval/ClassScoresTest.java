package dev.jgan.gan.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClassScoresTest {

    @Test
    void confidentAndBalancedPredictionsScoreTheClassCount() {
        float[][] p = new float[40][10];
        for (int i = 0; i < 40; i++) {
            p[i][i % 10] = 1f;
        }
        ClassScores s = ClassScores.of(p);
        assertEquals(10.0, s.inceptionScore(), 1e-9);
        assertEquals(Math.log(10), s.histogramEntropy(), 1e-12);
        assertArrayEquals(new int[] {4, 4, 4, 4, 4, 4, 4, 4, 4, 4}, s.histogram());
    }

    @Test
    void collapseToTwoClassesScoresTwo() {
        float[][] p = new float[10][10];
        for (int i = 0; i < 10; i++) {
            p[i][i % 2 == 0 ? 3 : 7] = 1f;
        }
        ClassScores s = ClassScores.of(p);
        assertEquals(2.0, s.inceptionScore(), 1e-9);
        assertEquals(Math.log(2), s.histogramEntropy(), 1e-12);
    }

    @Test
    void uncertainPredictionsScoreOne() {
        float[][] p = new float[5][4];
        for (float[] row : p) {
            java.util.Arrays.fill(row, 0.25f);
        }
        assertEquals(1.0, ClassScores.of(p).inceptionScore(), 1e-6);
    }
}
