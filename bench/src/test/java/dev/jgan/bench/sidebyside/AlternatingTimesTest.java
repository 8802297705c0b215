package dev.jgan.bench.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlternatingTimesTest {
    @Test
    void mediansBestsAndThePairRatio() {
        double[] a = {2, 4, 6, 8, 10, 12};
        double[] b = {1, 2, 3, 4, 5, 6};
        AlternatingTimes t = new AlternatingTimes(a, b);
        assertEquals(7.0, t.medianA(), 1e-12);
        assertEquals(3.5, t.medianB(), 1e-12);
        assertEquals(2.0, t.bestA(), 1e-12);
        assertEquals(1.0, t.bestB(), 1e-12);
        assertEquals(2.0, t.medianRatio(), 1e-12); // every pair is 2:1
    }

    @Test
    void theRatioIsTakenPairByPairNotFromTheTwoMedians() {
        // pair ratios 0.5, 2 and 3: their median is 2, while the two sides' medians are both 2 (ratio 1)
        double[] a = {1, 2, 30};
        double[] b = {2, 1, 10};
        AlternatingTimes t = new AlternatingTimes(a, b);
        assertEquals(2.0, t.medianA(), 1e-12);
        assertEquals(2.0, t.medianB(), 1e-12);
        assertEquals(2.0, t.medianRatio(), 1e-12);
        assertEquals(5.0, AlternatingTimes.median(new double[] {1, 9}), 1e-12);
        assertEquals(3.0, AlternatingTimes.median(new double[] {5, 1, 3}), 1e-12);
    }

    @Test
    void measureWarmsUpThenAlternatesTheTwoCallsStartingWithA() {
        List<String> order = new ArrayList<>();
        AlternatingTimes t = AlternatingTimes.measure(() -> {
            order.add("a");
            return 2.0;
        }, () -> {
            order.add("b");
            return 1.0;
        }, 3, 0);
        // one unmeasured pair (the warm-up runs at least once), then three measured pairs
        assertEquals(List.of("a", "b", "a", "b", "a", "b", "a", "b"), order);
        assertEquals(3, t.a().length);
        assertEquals(2.0, t.medianRatio(), 1e-12);
    }

    @Test
    void warmsUpForTheTimeAsked() {
        int[] calls = {0};
        long start = System.nanoTime();
        AlternatingTimes.measure(() -> ++calls[0], () -> 1.0, 2, 20_000_000L);
        assertTrue(System.nanoTime() - start >= 20_000_000L);
        assertTrue(calls[0] > 2, "warm-up calls: " + (calls[0] - 2));
    }

    @Test
    void refusesNoRepsOrUnevenSides() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> AlternatingTimes.measure(() -> 1, () -> 1, 0, 0));
        assertTrue(none.getMessage().contains("at least 1"), none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AlternatingTimes(new double[2], new double[3]));
        assertThrows(IllegalArgumentException.class, () -> new AlternatingTimes(new double[0], new double[0]));
    }
}
