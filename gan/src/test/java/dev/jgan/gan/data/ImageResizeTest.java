package dev.jgan.gan.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Rng;
import org.junit.jupiter.api.Test;

class ImageResizeTest {

    /** The mean of the source over output pixel (oy, ox)'s area, by direct 2-D overlap in float64. */
    private static double areaReference(float[] plane, int inH, int inW, int outH, int outW, int oy, int ox) {
        double y0 = (double) oy * inH / outH;
        double y1 = (double) (oy + 1) * inH / outH;
        double x0 = (double) ox * inW / outW;
        double x1 = (double) (ox + 1) * inW / outW;
        double sum = 0;
        for (int y = 0; y < inH; y++) {
            for (int x = 0; x < inW; x++) {
                double overlapY = Math.max(0, Math.min(y1, y + 1) - Math.max(y0, y));
                double overlapX = Math.max(0, Math.min(x1, x + 1) - Math.max(x0, x));
                sum += overlapY * overlapX * plane[y * inW + x];
            }
        }
        return sum / ((y1 - y0) * (x1 - x0));
    }

    /** Bilinear sample at the centre of output pixel (oy, ox), half-pixel centres, clamped edges, float64. */
    private static double bilinearReference(float[] plane, int inH, int inW, int outH, int outW, int oy, int ox) {
        double sy = Math.min(Math.max((oy + 0.5) * inH / outH - 0.5, 0), inH - 1);
        double sx = Math.min(Math.max((ox + 0.5) * inW / outW - 0.5, 0), inW - 1);
        int y0 = (int) Math.floor(sy);
        int x0 = (int) Math.floor(sx);
        int y1 = Math.min(y0 + 1, inH - 1);
        int x1 = Math.min(x0 + 1, inW - 1);
        double fy = sy - y0;
        double fx = sx - x0;
        return (1 - fy) * ((1 - fx) * plane[y0 * inW + x0] + fx * plane[y0 * inW + x1])
                + fy * ((1 - fx) * plane[y1 * inW + x0] + fx * plane[y1 * inW + x1]);
    }

    private static float[] random(Rng rng, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = 255f * rng.nextFloat();
        }
        return values;
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            diff += (expected[i] - actual[i]) * (expected[i] - actual[i]);
            norm += expected[i] * expected[i];
        }
        assertTrue(Math.sqrt(diff / norm) <= 1e-5, what + ": relative L2 error " + Math.sqrt(diff / norm));
    }

    @Test
    void shrinkingAveragesTheCoveredAreaOnOddSizes() {
        Rng rng = new Rng(5);
        int[][] cases = {{7, 13, 3, 5}, {31, 17, 28, 1}, {5, 5, 2, 3}, {64, 48, 28, 28}, {1, 9, 1, 4}};
        for (int[] c : cases) {
            float[] plane = random(rng, c[0] * c[1]);
            float[] out = ImageResize.resize(plane, c[0], c[1], c[2], c[3]);
            double[] expected = new double[c[2] * c[3]];
            for (int y = 0; y < c[2]; y++) {
                for (int x = 0; x < c[3]; x++) {
                    expected[y * c[3] + x] = areaReference(plane, c[0], c[1], c[2], c[3], y, x);
                }
            }
            assertClose(expected, out, c[0] + "x" + c[1] + " -> " + c[2] + "x" + c[3]);
        }
    }

    @Test
    void growingInterpolatesBilinearly() {
        Rng rng = new Rng(6);
        int[][] cases = {{3, 5, 7, 13}, {1, 1, 4, 4}, {2, 7, 5, 7}, {28, 28, 64, 64}};
        for (int[] c : cases) {
            float[] plane = random(rng, c[0] * c[1]);
            float[] out = ImageResize.resize(plane, c[0], c[1], c[2], c[3]);
            double[] expected = new double[c[2] * c[3]];
            for (int y = 0; y < c[2]; y++) {
                for (int x = 0; x < c[3]; x++) {
                    expected[y * c[3] + x] = bilinearReference(plane, c[0], c[1], c[2], c[3], y, x);
                }
            }
            assertClose(expected, out, c[0] + "x" + c[1] + " -> " + c[2] + "x" + c[3]);
        }
    }

    @Test
    void fitSquareScalesTheShortSideAndCropsTheCentre() {
        float[] plane = new float[4 * 8];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 8; x++) {
                plane[y * 8 + x] = x;
            }
        }
        float[] out = ImageResize.fitSquare(plane, 4, 8, 2);
        // 4x8 -> 2x4 (pairs of columns averaged: 0.5, 2.5, 4.5, 6.5), centre 2 columns kept
        assertArrayEquals(new float[] {2.5f, 4.5f, 2.5f, 4.5f}, out, 1e-6f);
        assertEquals(9, ImageResize.fitSquare(new float[9], 3, 3, 3).length);
    }
}
