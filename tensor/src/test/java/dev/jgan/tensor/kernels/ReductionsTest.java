package dev.jgan.tensor.kernels;

import static dev.jgan.tensor.reference.Compare.SIZES;
import static dev.jgan.tensor.reference.Compare.assertClose;
import static dev.jgan.tensor.reference.Compare.doubles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.reference.ReferenceChannels;
import dev.jgan.tensor.reference.ReferenceReductions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReductionsTest {

    @Test
    void sumOfAllMatchesReference() {
        for (int n : SIZES) {
            Tensor x = Tensor.normal(n, 0.5f, 1f, n);
            double expected = Arrays.stream(doubles(x)).sum();
            // float32 partial sums: error bounded by a few ulps of the sum of magnitudes
            double tolerance = 1e-6 * Arrays.stream(doubles(x)).map(Math::abs).sum();
            assertEquals(expected, Reductions.sum(x), tolerance, "sum n=" + n);
            assertEquals(expected / n, Reductions.mean(x), tolerance / n, "mean n=" + n);
        }
        Tensor big = Tensor.normal(9, 3f, 1f, 1 << 20);
        double expected = Arrays.stream(doubles(big)).sum();
        assertEquals(expected, Reductions.sum(big), 1e-7 * Math.abs(expected), "sum of 2^20 values");
    }

    @Test
    void dotMatchesReference() {
        for (int n : new int[] {1, 7, 33, 1000, 70_001}) {
            Tensor a = Tensor.normal(n, 0f, 1f, n), b = Tensor.normal(n + 1, 0f, 1f, n);
            double[] x = doubles(a), y = doubles(b);
            double expected = 0, magnitude = 0;
            for (int i = 0; i < n; i++) {
                expected += x[i] * y[i];
                magnitude += Math.abs(x[i] * y[i]);
            }
            assertEquals(expected, Reductions.dot(a, b), 1e-6 * magnitude, "dot n=" + n);
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Reductions.dot(Tensor.zeros(2, 3), Tensor.zeros(3)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3]"), e.getMessage());
    }

    @Test
    void allFiniteFindsEveryNonFiniteValueWhereverItSits() {
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        java.util.Random random = new java.util.Random(3);
        for (int n : new int[] {1, 15, 16, 17, 100, 16_385, 70_001}) {
            Tensor x = Tensor.normal(n, 0f, 1e30f, n);
            x.data()[random.nextInt(n)] = Float.MAX_VALUE;
            assertTrue(Reductions.allFinite(x), "finite values, n=" + n);
            // first, last (in the scalar tail when n is not a multiple of the vector), and random positions
            for (int at : new int[] {0, n - 1, random.nextInt(n), random.nextInt(n)}) {
                for (float value : bad) {
                    Tensor y = x.copy();
                    y.data()[at] = value;
                    assertEquals(false, Reductions.allFinite(y), value + " at " + at + " of " + n);
                }
            }
        }
        assertTrue(Reductions.allFinite(Tensor.zeros(0)), "no values");
    }

    @Test
    void sumOverAxesMatchesReference() {
        int[][] shapes = {{3}, {2, 3}, {7, 1, 13}, {2, 3, 5, 7}, {1, 17, 31}, {4, 33, 1, 3}, {3, 5, 2, 7, 2}};
        for (int[] shape : shapes) {
            Tensor x = Tensor.normal(shape.length, 0f, 1f, shape);
            for (int mask = 1; mask < 1 << shape.length; mask++) {
                boolean[] reduced = new boolean[shape.length];
                int[] axes = new int[Integer.bitCount(mask)];
                for (int d = 0, k = 0; d < shape.length; d++) {
                    if ((mask >> d & 1) != 0) {
                        reduced[d] = true;
                        axes[k++] = k % 2 == 0 ? d : d - shape.length;
                    }
                }
                double[] expected = ReferenceReductions.sum(doubles(x), shape, reduced);
                String name = Shapes.toString(shape) + " over " + Arrays.toString(axes);
                Tensor kept = Reductions.sum(x, axes, true);
                Tensor dropped = Reductions.sum(x, axes, false);
                assertClose(expected, kept, "sum keepDim " + name);
                assertArrayEquals(kept.data(), dropped.data(), name);
                assertEquals(shape.length, kept.rank(), name);
                assertEquals(shape.length - axes.length, dropped.rank(), name);
                double count = Shapes.size(shape) / (double) expected.length;
                assertClose(Arrays.stream(expected).map(v -> v / count).toArray(), Reductions.mean(x, axes, false),
                        "mean " + name);
            }
        }
    }

    @Test
    void largeAxisSumsUseThreadsAndMatch() {
        Tensor x = Tensor.normal(4, 0f, 1f, 8, 5, 41, 43);
        boolean[][] cases = {{true, false, true, true}, {false, false, true, true}, {true, true, false, false},
            {false, true, false, true}};
        for (boolean[] reduced : cases) {
            int[] axes = java.util.stream.IntStream.range(0, 4).filter(d -> reduced[d]).toArray();
            assertClose(ReferenceReductions.sum(doubles(x), x.shape(), reduced), Reductions.sum(x, axes, false),
                    "sum over " + Arrays.toString(axes));
        }
    }

    @Test
    void perChannelStatisticsMatchReference() {
        for (int[] shape : ChannelOpsTest.SHAPES) {
            int n = shape[0], c = shape[1], p = Shapes.size(shape, 2, shape.length);
            Tensor x = Tensor.normal(p, 3f, 2f, shape);
            Tensor w = Tensor.normal(p + 1, 0f, 1f, shape);
            double[] xd = doubles(x);
            String name = Shapes.toString(shape);
            assertClose(ReferenceChannels.channelSums(xd, null, n, c, p), Reductions.sumChannels(x),
                    "sumChannels " + name);
            assertClose(ReferenceChannels.channelSums(xd, doubles(w), n, c, p), Reductions.sumChannelsProduct(x, w),
                    "sumChannelsProduct " + name);
            Tensor mean = Tensor.zeros(c), var = Tensor.zeros(c);
            Reductions.channelMeanVarInto(x, mean, var);
            assertClose(ReferenceChannels.channelMeans(xd, n, c, p), mean, "channel mean " + name);
            assertClose(ReferenceChannels.channelVariances(xd, n, c, p), var, "channel var " + name);
        }
    }

    @Test
    void statisticsOfAnEmptyBatchAreNaN() {
        Tensor mean = Tensor.zeros(3), var = Tensor.zeros(3);
        Reductions.channelMeanVarInto(Tensor.zeros(0, 3, 4, 4), mean, var);
        for (int c = 0; c < 3; c++) {
            assertTrue(Float.isNaN(mean.data()[c]) && Float.isNaN(var.data()[c]), "channel " + c);
        }
    }

    @Test
    void varianceStaysAccurateForLargeMeans() {
        Tensor x = Tensor.normal(5, 1000f, 0.01f, 8, 3, 32, 32);
        Tensor mean = Tensor.zeros(3), var = Tensor.zeros(3);
        Reductions.channelMeanVarInto(x, mean, var);
        double[] expected = ReferenceChannels.channelVariances(doubles(x), 8, 3, 1024);
        for (int c = 0; c < 3; c++) {
            assertEquals(expected[c], var.data()[c], 1e-3 * expected[c], "var of channel " + c);
        }
    }

    @Test
    void rowAndColumnSumsMatchReference() {
        for (int[] mn : new int[][] {{1, 1}, {3, 7}, {13, 17}, {31, 33}, {100, 1}, {1, 1000}, {2000, 35}, {35, 2000}}) {
            Tensor x = Tensor.normal(mn[0] + mn[1], 0f, 1f, mn);
            double[] xd = doubles(x);
            assertClose(ReferenceReductions.sum(xd, mn, new boolean[] {false, true}), Reductions.rowSums(x),
                    "rowSums " + Shapes.toString(mn));
            assertClose(ReferenceReductions.sum(xd, mn, new boolean[] {true, false}), Reductions.columnSums(x),
                    "columnSums " + Shapes.toString(mn));
        }
    }

    @Test
    void badArgumentsAreRejectedWithBothShapes() {
        Tensor x = Tensor.zeros(2, 3, 4);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Reductions.sumInto(x, new int[] {1}, Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().contains("[2, 3, 4]") && e.getMessage().contains("[2, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Reductions.sum(x, new int[] {1, -2}, false));
        assertThrows(IllegalArgumentException.class, () -> Reductions.sum(x, new int[] {3}, false));
        var c = assertThrows(IllegalArgumentException.class, () -> Reductions.sumChannelsInto(x, Tensor.zeros(4)));
        assertTrue(c.getMessage().contains("[2, 3, 4]") && c.getMessage().contains("[4]"), c.getMessage());
    }
}
