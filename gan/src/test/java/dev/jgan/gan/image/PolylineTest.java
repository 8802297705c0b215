package dev.jgan.gan.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PolylineTest {

    @Test
    void aHorizontalStrokeCoversItsRowsByDistance() {
        Picture picture = new Picture(20, 10, 0xffffff);
        Polyline.draw(picture, new double[] {2, 18}, new double[] {5, 5}, 1.5, 0x000000);
        // centres at 4.5 and 5.5 lie 0.5 from y = 5: coverage 0.75 + 0.5 - 0.5 = 0.75; rows 3 and 6 are 1.5 away: none.
        int expected = (int) Math.round(255 * 0.25);
        assertEquals(expected * 0x010101, picture.get(10, 4));
        assertEquals(expected * 0x010101, picture.get(10, 5));
        assertEquals(0xffffff, picture.get(10, 3));
        assertEquals(0xffffff, picture.get(10, 6));
    }

    @Test
    void jointsAreNotDarkerThanOneStraightSegment() {
        Picture once = new Picture(30, 12, 0xffffff);
        Picture joined = new Picture(30, 12, 0xffffff);
        Polyline.draw(once, new double[] {3, 27}, new double[] {2.5, 9.5}, 2.0, 0x2050a0);
        Polyline.draw(joined, new double[] {3, 15, 27}, new double[] {2.5, 6, 9.5}, 2.0, 0x2050a0);
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 30; x++) {
                assertEquals(once.get(x, y), joined.get(x, y), x + "," + y);
            }
        }
    }

    @Test
    void nonFinitePointsBreakTheLineAndLonePointsAreDots() {
        Picture picture = new Picture(40, 10, 0xffffff);
        Polyline.draw(picture, new double[] {2, 10, Double.NaN, 30, 35, 38},
                new double[] {5, 5, 5, 5, Double.POSITIVE_INFINITY, 5}, 1.0, 0x000000);
        assertTrue(picture.get(6, 4) != 0xffffff || picture.get(6, 5) != 0xffffff, "first run drawn");
        for (int x = 13; x < 28; x++) {
            for (int y = 0; y < 10; y++) {
                assertEquals(0xffffff, picture.get(x, y), "nothing across the gap at " + x + "," + y);
            }
        }
        assertTrue(picture.get(30, 4) != 0xffffff || picture.get(29, 4) != 0xffffff, "the lone point 30 is a dot");
        assertEquals(0xffffff, picture.get(33, 4), "no line from 30 to the infinite point");
    }
}
