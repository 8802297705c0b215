package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The weight gradient of a stride-1 convolution with few output channels ({@link DirectConv#handles}),
 * computed directly: dw[co, ci, ki, kj] is the dot product of dy's channel co with x's
 * channel ci shifted by the tap, summed over images. Its GEMM would have only Cout rows and
 * would spend its time packing the column matrix.
 *
 * <p>Each unit of work is one input channel, one kernel row and up to three kernel columns;
 * it keeps every output channel's sums for those taps in vector lanes (the columns whose taps
 * fall partly outside the input row, and those past the last whole vector, in lanes of their
 * own, through masked loads), always adding the images' rows in the same order, and adds the
 * lanes in lane order at the end, so the bits do not depend on the thread count.
 */
final class DirectWeightGradient {
    private static final int CHANNELS = 4;
    private static final int COLUMNS = 3;
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();
    /** Floats of sums one unit keeps: a vector per output channel and kernel column, for the interior and the edges. */
    private static final int UNIT_LANES = 2 * CHANNELS * COLUMNS * L;
    /** Where a unit's edge sums start. */
    private static final int EDGE_LANES = CHANNELS * COLUMNS * L;
    /** Values of dy per row tile. */
    private static final int TILE_VALUES = 1 << 13;

    private DirectWeightGradient() {}

    /** dw = sum over images of dy correlated with x; overwrites dw. */
    static void backwardWeight(ConvGeometry g, float[] dy, float[] x, float[] dw) {
        // y = conv(x, w)  =>  dw[co, ci, ki, kj] = sum over n, oh, ow of dy[co, oh, ow] x[ci, oh + ki d - p, ow + kj d - p]
        ConvSpec s = g.spec();
        int columnBlocks = (s.kernelW() + COLUMNS - 1) / COLUMNS;
        int units = g.inChannels() * s.kernelH() * columnBlocks;
        long flopsPerUnit = 2L * g.images() * g.outPlane() * g.outChannels() * COLUMNS;
        // dy is swept a few rows at a time through all of a thread's units, so those rows stay
        // in cache; each unit's sums wait in memory between row tiles
        int tileRows = Math.max(1, TILE_VALUES / Math.max(1, g.outW() * g.outChannels()));
        Parallel.forRange(units, ConvPlan.minUnits(flopsPerUnit), (u0, u1) -> {
            float[] lanes = new float[(u1 - u0) * UNIT_LANES];
            for (int n = 0; n < g.images(); n++) {
                for (int oh0 = 0; oh0 < g.outH(); oh0 += tileRows) {
                    int oh1 = Math.min(g.outH(), oh0 + tileRows);
                    for (int unit = u0; unit < u1; unit++) {
                        int block = unit % columnBlocks;
                        int ki = unit / columnBlocks % s.kernelH();
                        int ci = unit / columnBlocks / s.kernelH();
                        tile(g, dy, x, ci, ki, block * COLUMNS, n, oh0, oh1, lanes, (unit - u0) * UNIT_LANES);
                    }
                }
            }
            for (int unit = u0; unit < u1; unit++) {
                int block = unit % columnBlocks;
                int ki = unit / columnBlocks % s.kernelH();
                int ci = unit / columnBlocks / s.kernelH();
                int lastColumn = Math.min(COLUMNS, s.kernelW() - block * COLUMNS) - 1;
                for (int c = 0; c < Math.min(CHANNELS, g.outChannels()); c++) {
                    for (int j = 0; j <= lastColumn; j++) {
                        int at = (unit - u0) * UNIT_LANES + (c * COLUMNS + j) * L;
                        FloatVector interior = FloatVector.fromArray(S, lanes, at);
                        FloatVector edges = FloatVector.fromArray(S, lanes, at + EDGE_LANES);
                        dw[((c * g.inChannels() + ci) * s.kernelH() + ki) * s.kernelW() + block * COLUMNS + j] =
                                Vectors.sumLanes(interior) + Vectors.sumLanes(edges);
                    }
                }
            }
        });
    }

    /**
     * Adds output rows [oh0, oh1) of image n to the sums of input channel ci, kernel row ki and
     * kernel columns [kj0, kj0 + 3) (those that exist): lane sums at lanes[at], 12 vectors
     * (channel-major), then the edge columns' 12.
     */
    private static void tile(ConvGeometry g, float[] dy, float[] x, int ci, int ki, int kj0, int n, int oh0, int oh1,
                             float[] lanes, int at) {
        ConvSpec s = g.spec();
        int lastColumn = Math.min(COLUMNS, s.kernelW() - kj0) - 1;
        int lastChannel = Math.min(CHANNELS, g.outChannels()) - 1;
        // x column of output column ow at tap column j: ow + shift[j]; taps past the last repeat it
        int shift0 = kj0 * s.dilationW() - s.padW();
        int shift1 = (kj0 + Math.min(1, lastColumn)) * s.dilationW() - s.padW();
        int shift2 = (kj0 + Math.min(2, lastColumn)) * s.dilationW() - s.padW();
        int from = Math.min(g.outW(), Math.max(0, -Math.min(shift0, shift2)));
        int to = Math.max(from, Math.min(g.outW(), g.inW() - Math.max(shift0, shift2)));
        FloatVector a00 = FloatVector.fromArray(S, lanes, at);
        FloatVector a01 = FloatVector.fromArray(S, lanes, at + L);
        FloatVector a02 = FloatVector.fromArray(S, lanes, at + 2 * L);
        FloatVector a10 = FloatVector.fromArray(S, lanes, at + 3 * L);
        FloatVector a11 = FloatVector.fromArray(S, lanes, at + 4 * L);
        FloatVector a12 = FloatVector.fromArray(S, lanes, at + 5 * L);
        FloatVector a20 = FloatVector.fromArray(S, lanes, at + 6 * L);
        FloatVector a21 = FloatVector.fromArray(S, lanes, at + 7 * L);
        FloatVector a22 = FloatVector.fromArray(S, lanes, at + 8 * L);
        FloatVector a30 = FloatVector.fromArray(S, lanes, at + 9 * L);
        FloatVector a31 = FloatVector.fromArray(S, lanes, at + 10 * L);
        FloatVector a32 = FloatVector.fromArray(S, lanes, at + 11 * L);
        int xPlane = (n * g.inChannels() + ci) * g.inPlane();
        int dyImage = n * g.outChannels() * g.outPlane();
        int d0 = dyImage;
        int d1 = dyImage + Math.min(1, lastChannel) * g.outPlane();
        int d2 = dyImage + Math.min(2, lastChannel) * g.outPlane();
        int d3 = dyImage + Math.min(3, lastChannel) * g.outPlane();
        for (int oh = oh0; oh < oh1; oh++) {
            int ih = oh + ki * s.dilationH() - s.padH();
            if (ih < 0 || ih >= g.inH()) {
                continue;
            }
            int xRow = xPlane + ih * g.inW();
            int dyRow = oh * g.outW();
            int ow = from;
            for (; ow + L <= to; ow += L) {
                FloatVector x0 = FloatVector.fromArray(S, x, xRow + ow + shift0);
                FloatVector x1 = FloatVector.fromArray(S, x, xRow + ow + shift1);
                FloatVector x2 = FloatVector.fromArray(S, x, xRow + ow + shift2);
                FloatVector g0 = FloatVector.fromArray(S, dy, d0 + dyRow + ow);
                a00 = x0.fma(g0, a00);
                a01 = x1.fma(g0, a01);
                a02 = x2.fma(g0, a02);
                FloatVector g1 = FloatVector.fromArray(S, dy, d1 + dyRow + ow);
                a10 = x0.fma(g1, a10);
                a11 = x1.fma(g1, a11);
                a12 = x2.fma(g1, a12);
                FloatVector g2 = FloatVector.fromArray(S, dy, d2 + dyRow + ow);
                a20 = x0.fma(g2, a20);
                a21 = x1.fma(g2, a21);
                a22 = x2.fma(g2, a22);
                FloatVector g3 = FloatVector.fromArray(S, dy, d3 + dyRow + ow);
                a30 = x0.fma(g3, a30);
                a31 = x1.fma(g3, a31);
                a32 = x2.fma(g3, a32);
            }
            // the columns whose taps fall partly outside the row, and the last ones that fill no whole
            // vector, in a method of their own (masked vectors here would make this method too large
            // for the JIT's first tier, which then never hands it to the optimising one)
            edges(g, dy, x, dyImage + dyRow, xRow, 0, from, shift0, shift1, shift2, lastChannel, lanes,
                    at + EDGE_LANES);
            edges(g, dy, x, dyImage + dyRow, xRow, ow, g.outW(), shift0, shift1, shift2, lastChannel, lanes,
                    at + EDGE_LANES);
        }
        a00.intoArray(lanes, at);
        a01.intoArray(lanes, at + L);
        a02.intoArray(lanes, at + 2 * L);
        a10.intoArray(lanes, at + 3 * L);
        a11.intoArray(lanes, at + 4 * L);
        a12.intoArray(lanes, at + 5 * L);
        a20.intoArray(lanes, at + 6 * L);
        a21.intoArray(lanes, at + 7 * L);
        a22.intoArray(lanes, at + 8 * L);
        a30.intoArray(lanes, at + 9 * L);
        a31.intoArray(lanes, at + 10 * L);
        a32.intoArray(lanes, at + 11 * L);
    }

    /**
     * Adds output columns [c0, c1) of one row to the edge sums at lanes[at], a vector at a time
     * with masked loads: lanes past c1, and those whose tap column lies outside the input row, load 0.
     */
    private static void edges(ConvGeometry g, float[] dy, float[] x, int dyAt, int xRow, int c0, int c1,
                              int shift0, int shift1, int shift2, int lastChannel, float[] lanes, int at) {
        int plane = g.outPlane();
        for (int c = c0; c < c1; c += L) {
            VectorMask<Float> columns = S.indexInRange(c, c1);
            FloatVector x0 = FloatVector.fromArray(S, x, xRow + c + shift0,
                    columns.and(S.indexInRange(c + shift0, g.inW())));
            FloatVector x1 = FloatVector.fromArray(S, x, xRow + c + shift1,
                    columns.and(S.indexInRange(c + shift1, g.inW())));
            FloatVector x2 = FloatVector.fromArray(S, x, xRow + c + shift2,
                    columns.and(S.indexInRange(c + shift2, g.inW())));
            for (int ch = 0; ch <= lastChannel; ch++) {
                FloatVector d = FloatVector.fromArray(S, dy, dyAt + ch * plane + c, columns);
                int sums = at + ch * COLUMNS * L;
                x0.fma(d, FloatVector.fromArray(S, lanes, sums)).intoArray(lanes, sums);
                x1.fma(d, FloatVector.fromArray(S, lanes, sums + L)).intoArray(lanes, sums + L);
                x2.fma(d, FloatVector.fromArray(S, lanes, sums + 2 * L)).intoArray(lanes, sums + 2 * L);
            }
        }
    }
}
