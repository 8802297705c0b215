package dev.jgan.bench.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimingTest {
    @Test
    void medianAndMinimumOfOddAndEvenCounts() {
        Timing odd = Timing.of(new double[] {3, 1, 2, 9, 5}, 1);
        assertEquals(3, odd.medianMs());
        assertEquals(1, odd.minMs());
        assertEquals(5, odd.repetitions());
        Timing even = Timing.of(new double[] {4, 2, 8, 6}, 7);
        assertEquals(5, even.medianMs());
        assertEquals(2, even.minMs());
        assertEquals(7, even.callsPerRepetition());
        assertThrows(IllegalArgumentException.class, () -> Timing.of(new double[0], 1));
    }

    @Test
    void everyRepetitionEndsWithASynchronisationAndShortCallsAreGrouped() {
        int[] calls = {0};
        int[] syncs = {0};
        int[] callsAtSync = {-1};
        Runnable sync = () -> {
            syncs[0]++;
            callsAtSync[0] = calls[0];
        };
        Timing t = Timing.measure(() -> calls[0]++, sync, new Timing.Settings(2, 4, 6, 1e-9, 1e-9));
        // warm-up sync, the first timed call's sync, then one per repetition
        assertEquals(2 + t.repetitions(), syncs[0]);
        assertEquals(calls[0], callsAtSync[0], "the last calls were synchronised before the clock stopped");
        assertEquals(2 + 1 + t.repetitions() * t.callsPerRepetition(), calls[0]);
        assertEquals(4, t.repetitions(), "a tiny target gives the fewest repetitions");
        assertTrue(t.medianMs() >= t.minMs() && t.minMs() >= 0);
    }

    @Test
    void aCallFasterThanTheShortestRepetitionIsRepeatedWithinOne() {
        int[] calls = {0};
        Timing t = Timing.measure(() -> calls[0]++, () -> { }, new Timing.Settings(0, 3, 3, 1, 50));
        assertTrue(t.callsPerRepetition() > 1, "an empty call is far below 50 ms: " + t);
        assertEquals(1 + 3 * t.callsPerRepetition(), calls[0]);
    }
}
