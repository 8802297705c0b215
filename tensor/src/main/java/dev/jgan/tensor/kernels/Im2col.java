package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Vectors;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Lowering between images and column matrices. Column {@code q} of the lowered matrix is
 * output position {@code q} counted image-major over all images; row {@code r} is
 * (channel, kernel row, kernel column). {@link #lower} copies input values into a block of
 * columns (zeros where the window hangs over the padding); {@link #raise} is its adjoint,
 * adding a block of columns back into the images.
 *
 * <p>Wide output rows are moved in runs along the row (contiguous copies at stride 1);
 * narrow ones (small feature maps, where per-run bookkeeping would dominate) go through a
 * table giving, for each kernel tap and output position, the input offset within a channel
 * plane, or -1 in the padding.
 */
final class Im2col {
    /** Smallest number of values worth handing to another thread. */
    private static final int MIN_PARALLEL_VALUES = 1 << 15;
    /** Output rows narrower than this use the offset table. */
    private static final int NARROW_ROW = 32;

    private final ConvGeometry g;
    /** offsets[tap * outPlane + p]: input offset within a channel plane, -1 in the padding; null for wide rows. */
    private final int[] offsets;

    Im2col(ConvGeometry g) {
        this.g = g;
        this.offsets = g.outW() < NARROW_ROW ? offsetTable(g) : null;
    }

    /** col[r * count + j] = x at row r, column first + j, for every row. */
    void lower(float[] x, int first, int count, float[] col) {
        int rows = g.patch();
        int minRows = Math.max(1, MIN_PARALLEL_VALUES / Math.max(1, count));
        Parallel.forRange(rows, minRows, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                if (offsets != null) {
                    lowerRowByTable(x, first, count, col, r);
                } else {
                    lowerRow(g, x, first, count, col, r);
                }
            }
        });
    }

    /** dx += the adjoint of {@link #lower} applied to col; threads split by channel so no value has two writers. */
    void raise(float[] col, int first, int count, float[] dx) {
        raise(col, first, count, dx, 0, g.inChannels());
    }

    /** The same for input channels [c0, c1) only, with col holding just their rows (row 0 = channel c0's first). */
    void raise(float[] col, int first, int count, float[] dx, int c0, int c1) {
        int window = g.spec().kernelH() * g.spec().kernelW();
        int minChannels = Math.max(1, MIN_PARALLEL_VALUES / Math.max(1, count * window));
        int skipped = c0 * window;
        Parallel.forRange(c1 - c0, minChannels, (r0, r1) -> {
            for (int r = (c0 + r0) * window; r < (c0 + r1) * window; r++) {
                if (offsets != null) {
                    raiseRowByTable(col, r - skipped, first, count, dx, r);
                } else {
                    raiseRow(g, col, r - skipped, first, count, dx, r);
                }
            }
        });
    }

    private static int[] offsetTable(ConvGeometry g) {
        ConvSpec s = g.spec();
        int plane = g.outPlane();
        int[] table = new int[s.kernelH() * s.kernelW() * plane];
        for (int ki = 0; ki < s.kernelH(); ki++) {
            for (int kj = 0; kj < s.kernelW(); kj++) {
                int at = (ki * s.kernelW() + kj) * plane;
                for (int oh = 0; oh < g.outH(); oh++) {
                    int ih = oh * s.strideH() - s.padH() + ki * s.dilationH();
                    for (int ow = 0; ow < g.outW(); ow++) {
                        int iw = ow * s.strideW() - s.padW() + kj * s.dilationW();
                        boolean inside = ih >= 0 && ih < g.inH() && iw >= 0 && iw < g.inW();
                        table[at++] = inside ? ih * g.inW() + iw : -1;
                    }
                }
            }
        }
        return table;
    }

    private void lowerRowByTable(float[] x, int first, int count, float[] col, int r) {
        int window = g.spec().kernelH() * g.spec().kernelW();
        int channel = r / window;
        int plane = g.outPlane();
        int tap = (r - channel * window) * plane;
        int dst = r * count;
        for (int q = first, end = first + count; q < end; ) {
            int image = q / plane;
            int p = q - image * plane;
            int len = Math.min(plane - p, end - q);
            int base = (image * g.inChannels() + channel) * g.inPlane();
            for (int t = 0; t < len; t++) {
                int offset = offsets[tap + p + t];
                col[dst + t] = offset < 0 ? 0f : x[base + offset];
            }
            dst += len;
            q += len;
        }
    }

    /** Adds column-matrix row {@code colRow} of col into dx as row r of the full lowering. */
    private void raiseRowByTable(float[] col, int colRow, int first, int count, float[] dx, int r) {
        int window = g.spec().kernelH() * g.spec().kernelW();
        int channel = r / window;
        int plane = g.outPlane();
        int tap = (r - channel * window) * plane;
        int src = colRow * count;
        for (int q = first, end = first + count; q < end; ) {
            int image = q / plane;
            int p = q - image * plane;
            int len = Math.min(plane - p, end - q);
            int base = (image * g.inChannels() + channel) * g.inPlane();
            for (int t = 0; t < len; t++) {
                int offset = offsets[tap + p + t];
                if (offset >= 0) {
                    dx[base + offset] += col[src + t];
                }
            }
            src += len;
            q += len;
        }
    }

    private static void lowerRow(ConvGeometry g, float[] x, int first, int count, float[] col, int r) {
        RowWindow row = new RowWindow(g, r);
        int plane = g.outPlane();
        int image = first / plane;
        int p = first - image * plane;
        int oh = p / g.outW();
        int ow = p - oh * g.outW();
        int strideW = g.spec().strideW();
        int dst = r * count;
        int end = dst + count;
        while (dst < end) {
            int len = Math.min(g.outW() - ow, end - dst);
            int ih = oh * g.spec().strideH() + row.ihShift;
            if (ih < 0 || ih >= g.inH()) {
                Arrays.fill(col, dst, dst + len, 0f);
            } else {
                int from = Math.max(ow, row.owFrom);
                int to = Math.max(from, Math.min(ow + len, row.owTo));
                int src = (image * g.inChannels() + row.channel) * g.inPlane() + ih * g.inW()
                        + from * strideW + row.iwShift;
                int at = dst + from - ow;
                Arrays.fill(col, dst, at, 0f);
                if (strideW == 1) {
                    System.arraycopy(x, src, col, at, to - from);
                } else {
                    for (int t = 0; t < to - from; t++) {
                        col[at + t] = x[src + t * strideW];
                    }
                }
                Arrays.fill(col, at + to - from, dst + len, 0f);
            }
            dst += len;
            ow = 0;
            if (++oh == g.outH()) {
                oh = 0;
                image++;
            }
        }
    }

    private static void raiseRow(ConvGeometry g, float[] col, int colRow, int first, int count, float[] dx, int r) {
        RowWindow row = new RowWindow(g, r);
        int plane = g.outPlane();
        int image = first / plane;
        int p = first - image * plane;
        int oh = p / g.outW();
        int ow = p - oh * g.outW();
        int strideW = g.spec().strideW();
        int src = colRow * count;
        int end = src + count;
        while (src < end) {
            int len = Math.min(g.outW() - ow, end - src);
            int ih = oh * g.spec().strideH() + row.ihShift;
            if (ih >= 0 && ih < g.inH()) {
                int from = Math.max(ow, row.owFrom);
                int to = Math.min(ow + len, row.owTo);
                int dst = (image * g.inChannels() + row.channel) * g.inPlane() + ih * g.inW()
                        + from * strideW + row.iwShift;
                int at = src + from - ow;
                if (strideW == 1) {
                    addInto(col, at, dx, dst, to - from);
                } else {
                    for (int t = 0; t < to - from; t++) {
                        dx[dst + t * strideW] += col[at + t];
                    }
                }
            }
            src += len;
            ow = 0;
            if (++oh == g.outH()) {
                oh = 0;
                image++;
            }
        }
    }

    /** dst[dstAt + t] += src[srcAt + t] for t < len (nothing when len <= 0). */
    private static void addInto(float[] src, int srcAt, float[] dst, int dstAt, int len) {
        int t = 0;
        if (len >= Vectors.LANES) {
            int bound = Vectors.loopBound(len);
            for (; t < bound; t += Vectors.LANES) {
                FloatVector.fromArray(Vectors.FLOAT, dst, dstAt + t)
                        .add(FloatVector.fromArray(Vectors.FLOAT, src, srcAt + t))
                        .intoArray(dst, dstAt + t);
            }
        }
        for (; t < len; t++) {
            dst[dstAt + t] += src[srcAt + t];
        }
    }

    /**
     * Where row r of the column matrix reads: its input channel, the input row offset from
     * oh * strideH, the input column offset from ow * strideW, and the output columns
     * [owFrom, owTo) whose input column lies inside the image.
     */
    private static final class RowWindow {
        final int channel;
        final int ihShift;
        final int iwShift;
        final int owFrom;
        final int owTo;

        RowWindow(ConvGeometry g, int r) {
            ConvSpec s = g.spec();
            int window = s.kernelH() * s.kernelW();
            channel = r / window;
            int ki = (r - channel * window) / s.kernelW();
            int kj = r - channel * window - ki * s.kernelW();
            ihShift = ki * s.dilationH() - s.padH();
            iwShift = kj * s.dilationW() - s.padW();
            owFrom = Math.max(0, Math.ceilDiv(-iwShift, s.strideW()));
            owTo = Math.max(owFrom, Math.min(g.outW(), Math.floorDiv(g.inW() - 1 - iwShift, s.strideW()) + 1));
        }
    }
}
