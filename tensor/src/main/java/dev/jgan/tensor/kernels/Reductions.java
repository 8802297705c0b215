package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.Vectors;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sums and means over all values, over chosen axes, per channel and per row or column; and
 * whether all values are finite.
 *
 * <p>Partial sums are float vectors over short blocks added up in float64, and the blocks
 * depend only on the shape, so results are the same bits for any thread count.
 */
public final class Reductions {
    private static final VectorSpecies<Float> F = Vectors.FLOAT;
    /** Values per partial sum of a whole-tensor sum: fixed, so the result ignores the thread count. */
    private static final int SUM_BLOCK = 1 << 14;
    /** Rows summed in float before a column sum flushes into float64. */
    private static final int COLUMN_BLOCK = 64;

    private Reductions() {}

    // ---- whole tensor ---------------------------------------------------------------------

    /** Sum of all values, accumulated in float64. */
    public static double sum(Tensor x) {
        return sumAll(x.data());
    }

    /** Sum of a * b over all values of two same-shape tensors (a squared norm when a == b), in float64. */
    public static double dot(Tensor a, Tensor b) {
        Shapes.requireSame("dot: b (against a)", a.shape(), b.shape());
        float[] x = a.data(), y = b.data();
        int blocks = (x.length + SUM_BLOCK - 1) / SUM_BLOCK;
        if (blocks <= 1) {
            return Sums.dot(x, 0, y, 0, x.length);
        }
        double[] partial = new double[blocks];
        Parallel.forRange(blocks, Grain.units(Grain.CHEAP, SUM_BLOCK), (from, to) -> {
            for (int k = from; k < to; k++) {
                int start = k * SUM_BLOCK;
                partial[k] = Sums.dot(x, start, y, start, Math.min(x.length, start + SUM_BLOCK) - start);
            }
        });
        return addInOrder(partial);
    }

    /** Whether no value is NaN or infinite. */
    public static boolean allFinite(Tensor x) {
        float[] a = x.data();
        int blocks = (a.length + SUM_BLOCK - 1) / SUM_BLOCK;
        boolean[] finite = new boolean[blocks];
        Parallel.forRange(blocks, Grain.units(Grain.CHEAP, SUM_BLOCK), (from, to) -> {
            for (int k = from; k < to; k++) {
                int start = k * SUM_BLOCK;
                finite[k] = Sums.allFinite(a, start, Math.min(a.length, start + SUM_BLOCK) - start);
            }
        });
        for (boolean blockFinite : finite) {
            if (!blockFinite) {
                return false;
            }
        }
        return true;
    }

    /** Mean of all values (NaN for an empty tensor). */
    public static double mean(Tensor x) {
        return sum(x) / x.size();
    }

    // ---- over axes ------------------------------------------------------------------------

    /** Sum over {@code axes} (negative axes count from the end); keepDim keeps them as size 1. */
    public static Tensor sum(Tensor x, int[] axes, boolean keepDim) {
        return sumInto(x, axes, Tensor.zeros(reducedShape(x.shape(), axes, keepDim)));
    }

    /** Sum over {@code axes} into out, whose shape is x's with those axes removed or set to 1. */
    public static Tensor sumInto(Tensor x, int[] axes, Tensor out) {
        boolean[] reduced = reducedAxes(x.shape(), axes);
        requireReducedShape("sum", x, axes, out);
        AxisReduction.sum(x.data(), x.shape(), reduced, out.data());
        return out;
    }

    /** Mean over {@code axes}; keepDim keeps them as size 1. */
    public static Tensor mean(Tensor x, int[] axes, boolean keepDim) {
        return meanInto(x, axes, Tensor.zeros(reducedShape(x.shape(), axes, keepDim)));
    }

    public static Tensor meanInto(Tensor x, int[] axes, Tensor out) {
        sumInto(x, axes, out);
        int count = out.size() == 0 ? 0 : x.size() / out.size();
        return Elementwise.scaleInto(out, 1f / count, out);
    }

    /** Shape of a reduction of {@code shape} over {@code axes}. */
    public static int[] reducedShape(int[] shape, int[] axes, boolean keepDim) {
        boolean[] reduced = reducedAxes(shape, axes);
        int[] result = new int[shape.length];
        int rank = 0;
        for (int d = 0; d < shape.length; d++) {
            if (!reduced[d]) {
                result[rank++] = shape[d];
            } else if (keepDim) {
                result[rank++] = 1;
            }
        }
        return Arrays.copyOf(result, rank);
    }

    private static boolean[] reducedAxes(int[] shape, int[] axes) {
        boolean[] reduced = new boolean[shape.length];
        for (int axis : axes) {
            int a = Shapes.axis(axis, shape.length);
            if (reduced[a]) {
                throw new IllegalArgumentException("axes " + Arrays.toString(axes) + " repeat axis " + a
                        + " of shape " + Shapes.toString(shape));
            }
            reduced[a] = true;
        }
        return reduced;
    }

    private static void requireReducedShape(String op, Tensor x, int[] axes, Tensor out) {
        int[] kept = reducedShape(x.shape(), axes, true);
        if (!out.hasShape(kept)) {
            Shapes.requireSame(op + ": out for x of shape " + x.shapeString() + " over axes " + Arrays.toString(axes),
                    reducedShape(x.shape(), axes, false), out.shape());
        }
    }

    // ---- per channel ----------------------------------------------------------------------

    /** Per-channel sum over every axis but 1 of x[N, C, ...] (a bias gradient): shape [C]. */
    public static Tensor sumChannels(Tensor x) {
        return sumChannelsInto(x, Tensor.zeros(ChannelOps.channels("sumChannels", x)));
    }

    public static Tensor sumChannelsInto(Tensor x, Tensor out) {
        int channels = ChannelOps.channels("sumChannels", x);
        Shapes.requireShape("sumChannels: out for x of shape " + x.shapeString(), out, channels);
        channelSums(x.data(), x.dim(0), channels, ChannelOps.planeSize(x), out.data());
        return out;
    }

    /** Per-channel sum of a * b over every axis but 1 (a per-channel scale's gradient): shape [C]. */
    public static Tensor sumChannelsProduct(Tensor a, Tensor b) {
        return sumChannelsProductInto(a, b, Tensor.zeros(ChannelOps.channels("sumChannelsProduct", a)));
    }

    public static Tensor sumChannelsProductInto(Tensor a, Tensor b, Tensor out) {
        int channels = ChannelOps.channels("sumChannelsProduct", a);
        Shapes.requireSame("sumChannelsProduct: b (against a)", a.shape(), b.shape());
        Shapes.requireShape("sumChannelsProduct: out for a of shape " + a.shapeString(), out, channels);
        int batch = a.dim(0);
        int plane = ChannelOps.planeSize(a);
        float[] x = a.data(), y = b.data(), o = out.data();
        Parallel.forRange(channels, Grain.units(Grain.CHEAP, batch * plane), (from, to) -> {
            for (int c = from; c < to; c++) {
                double s = 0;
                for (int n = 0; n < batch; n++) {
                    int offset = (n * channels + c) * plane;
                    s += Sums.dot(x, offset, y, offset, plane);
                }
                o[c] = (float) s;
            }
        });
        return out;
    }

    /**
     * Per-channel mean and biased variance (divided by the count) over every axis but 1 of
     * x[N, C, ...], in float64 from one pass of sums read in memory order ({@link ChannelSums}):
     * the sum and the sum of squares of x - s, s the mean of the channel's first plane. s lies
     * near the mean, so var = E[(x - s)^2] - E[x - s]^2 does not cancel: both terms are about var.
     */
    public static void channelMeanVarInto(Tensor x, Tensor mean, Tensor var) {
        int channels = ChannelOps.channels("channelMeanVar", x);
        Shapes.requireShape("channelMeanVar: mean for x of shape " + x.shapeString(), mean, channels);
        Shapes.requireShape("channelMeanVar: var for x of shape " + x.shapeString(), var, channels);
        int batch = x.dim(0);
        int plane = ChannelOps.planeSize(x);
        double count = (double) batch * plane;
        float[] a = x.data(), m = mean.data(), v = var.data();
        // m holds each channel's shift until its mean replaces it
        for (int c = 0; c < channels; c++) {
            m[c] = batch > 0 && plane > 0 ? (float) (Sums.sum(a, c * plane, (c + 1) * plane) / plane) : 0f;
        }
        double[] sums = new double[2 * channels];
        ChannelSums.sumsAndSquaresShifted(a, m, batch, channels, plane, sums);
        for (int c = 0; c < channels; c++) {
            double offset = sums[2 * c] / count;
            m[c] = (float) (m[c] + offset);
            v[c] = (float) Math.max(0.0, sums[2 * c + 1] / count - offset * offset);
        }
    }

    // ---- 2-D ------------------------------------------------------------------------------

    /** Sum of each row of x[M, N]: shape [M]. */
    public static Tensor rowSums(Tensor x) {
        Shapes.requireRank("rowSums: x", x, 2);
        return rowSumsInto(x, Tensor.zeros(x.dim(0)));
    }

    public static Tensor rowSumsInto(Tensor x, Tensor out) {
        Shapes.requireRank("rowSums: x", x, 2);
        Shapes.requireShape("rowSums: out for x of shape " + x.shapeString(), out, x.dim(0));
        rowSums(x.data(), x.dim(0), x.dim(1), out.data());
        return out;
    }

    /** Sum of each column of x[M, N]: shape [N]. */
    public static Tensor columnSums(Tensor x) {
        Shapes.requireRank("columnSums: x", x, 2);
        return columnSumsInto(x, Tensor.zeros(x.dim(1)));
    }

    public static Tensor columnSumsInto(Tensor x, Tensor out) {
        Shapes.requireRank("columnSums: x", x, 2);
        Shapes.requireShape("columnSums: out for x of shape " + x.shapeString(), out, x.dim(1));
        columnSums(x.data(), x.dim(0), x.dim(1), out.data());
        return out;
    }

    /** Sum of all of a, in fixed blocks whatever the thread count. */
    static double sumAll(float[] a) {
        int blocks = (a.length + SUM_BLOCK - 1) / SUM_BLOCK;
        if (blocks <= 1) {
            return Sums.sum(a, 0, a.length);
        }
        double[] partial = new double[blocks];
        Parallel.forRange(blocks, Grain.units(Grain.CHEAP, SUM_BLOCK), (from, to) -> {
            for (int b = from; b < to; b++) {
                partial[b] = Sums.sum(a, b * SUM_BLOCK, Math.min(a.length, (b + 1) * SUM_BLOCK));
            }
        });
        return addInOrder(partial);
    }

    private static double addInOrder(double[] partial) {
        double total = 0;
        for (double p : partial) {
            total += p;
        }
        return total;
    }

    /** out[c] = sum over n and p of a[(n * channels + c) * plane + p]. */
    static void channelSums(float[] a, int batch, int channels, int plane, float[] out) {
        if (plane == 1) {
            columnSums(a, batch, channels, out);
            return;
        }
        double[] sums = new double[channels];
        ChannelSums.sums(a, batch, channels, plane, sums);
        for (int c = 0; c < channels; c++) {
            out[c] = (float) sums[c];
        }
    }

    /** out[i] = sum of row i of the rows x cols matrix a. */
    static void rowSums(float[] a, int rows, int cols, float[] out) {
        Parallel.forRange(rows, Grain.units(Grain.CHEAP, cols), (from, to) -> {
            for (int r = from; r < to; r++) {
                out[r] = (float) Sums.sum(a, r * cols, (r + 1) * cols);
            }
        });
    }

    /** out[j] = sum of column j of the rows x cols matrix a. */
    static void columnSums(float[] a, int rows, int cols, float[] out) {
        Parallel.forRange(cols, Grain.units(Grain.CHEAP, rows), (from, to) -> {
            int width = to - from;
            double[] total = new double[width];
            float[] block = new float[width];
            for (int r0 = 0; r0 < rows; r0 += COLUMN_BLOCK) {
                Arrays.fill(block, 0f);
                for (int r = r0; r < Math.min(rows, r0 + COLUMN_BLOCK); r++) {
                    int row = r * cols + from;
                    int j = 0;
                    for (int bound = Vectors.loopBound(width); j < bound; j += F.length()) {
                        FloatVector.fromArray(F, block, j).add(FloatVector.fromArray(F, a, row + j)).intoArray(block, j);
                    }
                    for (; j < width; j++) {
                        block[j] += a[row + j];
                    }
                }
                for (int j = 0; j < width; j++) {
                    total[j] += block[j];
                }
            }
            for (int j = 0; j < width; j++) {
                out[from + j] = (float) total[j];
            }
        });
    }
}
