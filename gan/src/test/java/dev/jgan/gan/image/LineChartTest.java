package dev.jgan.gan.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LineChartTest {

    private static int count(Picture picture, int rgb, int left, int top, int right, int bottom) {
        int n = 0;
        for (int y = top; y < bottom; y++) {
            for (int x = left; x < right; x++) {
                n += picture.get(x, y) == rgb ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void seriesAreDrawnInTheirColoursInsideThePlot() {
        Picture chart = new LineChart("losses", "step")
                .add("D", new double[] {0, 1, 2}, new double[] {1.4, 0.9, 0.7})
                .add("G", new double[] {0, 1, 2}, new double[] {0.7, 2.1, Double.NaN})
                .render();
        assertEquals(800, chart.width());
        assertEquals(450, chart.height());
        assertTrue(count(chart, 0x1f77b4, 71, 41, 780, 400) > 100, "D's blue line in the plot");
        assertTrue(count(chart, 0xd62728, 71, 41, 780, 400) > 100, "G's red line in the plot");
        assertEquals(0, count(chart, 0xd62728, 71, 0, 780, 40) + count(chart, 0xd62728, 0, 401, 800, 450),
                "nothing red above or below the plot");
        assertTrue(count(chart, 0xffffff, 0, 0, 800, 30) < 800 * 30, "a title");
        assertTrue(count(chart, 0xffffff, 0, 0, 65, 450) < 65 * 450, "tick labels left of the axis");
    }

    @Test
    void mismatchedSeriesAreRefused() {
        assertEquals("series D: 2 x values but 1 y values", assertThrows(IllegalArgumentException.class,
                () -> new LineChart("t", "x").add("D", new double[2], new double[1])).getMessage());
    }
}
