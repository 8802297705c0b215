package dev.jgan.tensor.kernels;

import java.util.Arrays;

/**
 * Sum over an arbitrary set of axes. Axes of size 1 are dropped and neighbouring axes that
 * are both kept or both reduced are merged; the common layouts that leaves (all, rows,
 * columns, per channel) go to their dedicated kernels, anything else to a float64 loop.
 */
final class AxisReduction {
    private AxisReduction() {}

    static void sum(float[] x, int[] shape, boolean[] reduced, float[] out) {
        if (x.length == 0) {
            Arrays.fill(out, 0f);
            return;
        }
        int[] sizes = new int[shape.length];
        boolean[] flags = new boolean[shape.length];
        int rank = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) {
                continue;
            }
            if (rank > 0 && flags[rank - 1] == reduced[d]) {
                sizes[rank - 1] *= shape[d];
            } else {
                sizes[rank] = shape[d];
                flags[rank++] = reduced[d];
            }
        }
        if (rank == 0 || rank == 1 && !flags[0]) {
            System.arraycopy(x, 0, out, 0, out.length);
        } else if (rank == 1) {
            out[0] = (float) Reductions.sumAll(x);
        } else if (rank == 2 && !flags[0]) {
            Reductions.rowSums(x, sizes[0], sizes[1], out);
        } else if (rank == 2) {
            Reductions.columnSums(x, sizes[0], sizes[1], out);
        } else if (rank == 3 && flags[0]) {
            Reductions.channelSums(x, sizes[0], sizes[1], sizes[2], out);
        } else {
            general(x, Arrays.copyOf(sizes, rank), Arrays.copyOf(flags, rank), out);
        }
    }

    /** Walks x in order, adding each innermost run into its output slot in float64. */
    private static void general(float[] x, int[] sizes, boolean[] reduced, float[] out) {
        int rank = sizes.length;
        int[] outStride = new int[rank];
        int stride = 1;
        for (int d = rank - 1; d >= 0; d--) {
            outStride[d] = reduced[d] ? 0 : stride;
            stride *= reduced[d] ? 1 : sizes[d];
        }
        double[] acc = new double[out.length];
        int inner = sizes[rank - 1];
        boolean innerReduced = reduced[rank - 1];
        int[] index = new int[rank - 1];
        int o = 0;
        for (int base = 0; base < x.length; base += inner) {
            if (innerReduced) {
                acc[o] += Sums.sum(x, base, base + inner);
            } else {
                for (int j = 0; j < inner; j++) {
                    acc[o + j] += x[base + j];
                }
            }
            for (int d = rank - 2; d >= 0; d--) {
                o += outStride[d];
                if (++index[d] < sizes[d]) {
                    break;
                }
                o -= outStride[d] * sizes[d];
                index[d] = 0;
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) acc[i];
        }
    }
}
