package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Vectors;
import java.util.Arrays;
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
 * it keeps every output channel's sums for those taps in vector lanes while it sweeps the
 * images row by row, and adds the lanes in lane order at the end, so the bits do not
 * depend on the thread count.
 */
final class DirectWeightGradient {
    private static final int CHANNELS = 4;
    private static final int COLUMNS = 3;
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();

    private DirectWeightGradient() {}

    /** dw = sum over images of dy correlated with x; overwrites dw. */
    static void backwardWeight(ConvGeometry g, float[] dy, float[] x, float[] dw) {
        // y = conv(x, w)  =>  dw[co, ci, ki, kj] = sum over n, oh, ow of dy[co, oh, ow] x[ci, oh + ki d - p, ow + kj d - p]
        ConvSpec s = g.spec();
        int columnBlocks = (s.kernelW() + COLUMNS - 1) / COLUMNS;
        int units = g.inChannels() * s.kernelH() * columnBlocks;
        long flopsPerUnit = 2L * g.images() * g.outPlane() * g.outChannels() * COLUMNS;
        Parallel.forRange(units, ConvPlan.minUnits(flopsPerUnit), (u0, u1) -> {
            float[] sums = new float[CHANNELS * COLUMNS];
            for (int unit = u0; unit < u1; unit++) {
                int block = unit % columnBlocks;
                int ki = unit / columnBlocks % s.kernelH();
                int ci = unit / columnBlocks / s.kernelH();
                unit(g, dy, x, dw, ci, ki, block * COLUMNS, sums);
            }
        });
    }

    /** dw for input channel ci, kernel row ki and kernel columns [kj0, kj0 + 3) (those that exist). */
    private static void unit(ConvGeometry g, float[] dy, float[] x, float[] dw, int ci, int ki, int kj0, float[] sums) {
        ConvSpec s = g.spec();
        int lastColumn = Math.min(COLUMNS, s.kernelW() - kj0) - 1;
        int lastChannel = Math.min(CHANNELS, g.outChannels()) - 1;
        // x column of output column ow at tap column j: ow + shift[j]; taps past the last repeat it
        int shift0 = kj0 * s.dilationW() - s.padW();
        int shift1 = (kj0 + Math.min(1, lastColumn)) * s.dilationW() - s.padW();
        int shift2 = (kj0 + Math.min(2, lastColumn)) * s.dilationW() - s.padW();
        int from = Math.min(g.outW(), Math.max(0, -Math.min(shift0, shift2)));
        int to = Math.max(from, Math.min(g.outW(), g.inW() - Math.max(shift0, shift2)));
        Arrays.fill(sums, 0f);
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00;
        for (int n = 0; n < g.images(); n++) {
            int xPlane = (n * g.inChannels() + ci) * g.inPlane();
            int dyImage = n * g.outChannels() * g.outPlane();
            int d0 = dyImage;
            int d1 = dyImage + Math.min(1, lastChannel) * g.outPlane();
            int d2 = dyImage + Math.min(2, lastChannel) * g.outPlane();
            int d3 = dyImage + Math.min(3, lastChannel) * g.outPlane();
            for (int oh = 0; oh < g.outH(); oh++) {
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
                if (ow < to) {
                    VectorMask<Float> lanes = S.indexInRange(ow, to);
                    FloatVector x0 = FloatVector.fromArray(S, x, xRow + ow + shift0, lanes);
                    FloatVector x1 = FloatVector.fromArray(S, x, xRow + ow + shift1, lanes);
                    FloatVector x2 = FloatVector.fromArray(S, x, xRow + ow + shift2, lanes);
                    FloatVector g0 = FloatVector.fromArray(S, dy, d0 + dyRow + ow, lanes);
                    a00 = x0.fma(g0, a00);
                    a01 = x1.fma(g0, a01);
                    a02 = x2.fma(g0, a02);
                    FloatVector g1 = FloatVector.fromArray(S, dy, d1 + dyRow + ow, lanes);
                    a10 = x0.fma(g1, a10);
                    a11 = x1.fma(g1, a11);
                    a12 = x2.fma(g1, a12);
                    FloatVector g2 = FloatVector.fromArray(S, dy, d2 + dyRow + ow, lanes);
                    a20 = x0.fma(g2, a20);
                    a21 = x1.fma(g2, a21);
                    a22 = x2.fma(g2, a22);
                    FloatVector g3 = FloatVector.fromArray(S, dy, d3 + dyRow + ow, lanes);
                    a30 = x0.fma(g3, a30);
                    a31 = x1.fma(g3, a31);
                    a32 = x2.fma(g3, a32);
                }
                // columns whose taps fall partly outside the row, one at a time
                for (int c = 0; c < from; c++) {
                    edge(g, dy, x, dyImage + dyRow + c, xRow, c, shift0, shift1, shift2, lastChannel, sums);
                }
                for (int c = to; c < g.outW(); c++) {
                    edge(g, dy, x, dyImage + dyRow + c, xRow, c, shift0, shift1, shift2, lastChannel, sums);
                }
            }
        }
        FloatVector[][] accumulators = {{a00, a01, a02}, {a10, a11, a12}, {a20, a21, a22}, {a30, a31, a32}};
        for (int c = 0; c <= lastChannel; c++) {
            for (int j = 0; j <= lastColumn; j++) {
                int at = ((c * g.inChannels() + ci) * s.kernelH() + ki) * s.kernelW() + kj0 + j;
                dw[at] = Vectors.sumLanes(accumulators[c][j]) + sums[c * COLUMNS + j];
            }
        }
    }

    /** Adds output column ow's products to the scalar sums, skipping taps outside the input row. */
    private static void edge(ConvGeometry g, float[] dy, float[] x, int dyAt, int xRow, int ow,
                             int shift0, int shift1, int shift2, int lastChannel, float[] sums) {
        int[] shifts = {shift0, shift1, shift2};
        for (int j = 0; j < COLUMNS; j++) {
            int iw = ow + shifts[j];
            if (iw < 0 || iw >= g.inW()) {
                continue;
            }
            float xv = x[xRow + iw];
            for (int c = 0; c <= lastChannel; c++) {
                sums[c * COLUMNS + j] = Math.fma(xv, dy[dyAt + c * g.outPlane()], sums[c * COLUMNS + j]);
            }
        }
    }
}
