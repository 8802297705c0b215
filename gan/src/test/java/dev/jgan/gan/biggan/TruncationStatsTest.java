package dev.jgan.gan.biggan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgan.tensor.Tensor;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class TruncationStatsTest {
    @Test
    void landsWhereTheReferenceLandedInEveryFixtureCase() throws IOException {
        for (String fixture : BigGanFixtures.NAMES) {
            for (BigGanFixtures.Case c : BigGanFixtures.cases(fixture)) {
                TruncationStats s = TruncationStats.of(c.truncation(), 51);
                assertEquals(c.statStart(), s.start(), c.name());
                assertEquals(c.statCoef(), s.coef(), 0.0, c.name());
            }
        }
    }

    @Test
    void roundTruncationsShiftedByTheDoubleDivision() {
        // t / 0.02 in double: 0.28 -> 14.000000000000002, 0.56 -> 28.000000000000004, 0.07 -> 3.5000000000000004
        assertEquals(new TruncationStats(14, 14.000000000000002 - 14), TruncationStats.of(0.28, 51));
        assertEquals(new TruncationStats(28, 28.000000000000004 - 28), TruncationStats.of(0.56, 51));
        assertEquals(new TruncationStats(3, 3.5000000000000004 - 3), TruncationStats.of(0.07, 51));
        assertEquals(new TruncationStats(50, 0), TruncationStats.of(1.0, 51));
        assertEquals(new TruncationStats(2, 0.5), TruncationStats.of(0.625, 5));
    }

    @Test
    void blendWeighsTheRowsTheSwappedWay() {
        Tensor rows = Tensor.of(new float[] {0, 10, 100, 1000, 4, 40}, 3, 2);
        // t = 0.3 with 3 rows: position 0.6, start 0, coef 0.6 -> 0.6 * row0 + 0.4 * row1
        Tensor s = TruncationStats.of(0.3, 3).select(rows);
        assertArrayEquals(new float[] {100 * 0.4f, 10 * 0.6f + 1000 * (float) (1 - 0.6)}, s.data());
        assertArrayEquals(new float[] {4, 40}, TruncationStats.of(1.0, 3).select(rows).data());
        assertArrayEquals(new float[] {100, 1000}, TruncationStats.of(0.5, 3).select(rows).data());
    }

    @Test
    void truncationOutsideTheUnitIntervalIsRefused() {
        for (double t : new double[] {0, -0.5, 1.0000001, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TruncationStats.of(t, 51));
            assertEquals("truncation must be in (0, 1], found " + t, e.getMessage());
        }
    }
}
