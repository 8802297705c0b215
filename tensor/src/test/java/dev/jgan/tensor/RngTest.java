package dev.jgan.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RngTest {

    @Test
    void savedStateResumesTheSameStreamIncludingTheSpareNormal() {
        Rng rng = new Rng(123);
        rng.nextGaussian(); // leaves a spare normal value in the state
        long[] saved = rng.saveState();
        double[] expected = {rng.nextGaussian(), rng.nextGaussian(), rng.nextFloat(), rng.nextInt(10)};
        Rng resumed = new Rng(0);
        resumed.restoreState(saved);
        double[] actual = {resumed.nextGaussian(), resumed.nextGaussian(), resumed.nextFloat(), resumed.nextInt(10)};
        assertArrayEquals(expected, actual);
    }

    @Test
    void nextIntIsUniformAndInRange() {
        Rng rng = new Rng(7);
        int[] counts = new int[7];
        for (int i = 0; i < 70_000; i++) {
            counts[rng.nextInt(7)]++;
        }
        for (int c : counts) {
            assertEquals(10_000, c, 500, Arrays.toString(counts));
        }
    }

    @Test
    void shuffleIsAPermutation() {
        int[] values = new int[1000];
        Arrays.setAll(values, i -> i);
        new Rng(3).shuffle(values);
        int[] sorted = values.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
        int fixedPoints = 0;
        for (int i = 0; i < values.length; i++) {
            fixedPoints += values[i] == i ? 1 : 0;
        }
        assertTrue(fixedPoints < 10, "shuffle left " + fixedPoints + " values in place");
    }
}
