package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Vectors;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Packs GEMM B panels from a staging in which each B row is a sequence of equal runs a fixed
 * step apart (the convolutions that stage images with the image index innermost), with
 * vector copies and no column matrix in between.
 */
final class StagedRuns {
    private StagedRuns() {}

    /**
     * Packs columns [j0, j0 + nc) of one B row into panels of width nr (column j0 + q nr + o
     * goes to {@code dst[at + q * nr * kc + o]}, the last panel's columns past nc zeroed).
     * Column j is {@code src[start + (j / run) * step + j % run]}: runs of {@code run} values,
     * one per position row, {@code step} apart in the staging.
     */
    static void pack(float[] src, int start, int run, int step, int j0, int nc,
                     float[] dst, int at, int nr, int kc) {
        int row = j0 / run;
        int within = j0 - row * run;
        int panel = at;
        int o = 0;
        for (int packed = 0; packed < nc; ) {
            int len = Math.min(Math.min(run - within, nc - packed), nr - o);
            copy(src, start + row * step + within, dst, panel + o, len);
            packed += len;
            o += len;
            if (o == nr) {
                panel += nr * kc;
                o = 0;
            }
            within += len;
            if (within == run) {
                row++;
                within = 0;
            }
        }
        if (o > 0) {
            Arrays.fill(dst, panel + o, panel + nr, 0f);
        }
    }

    /** dst[d + t] = src[s + t] for t < len, in vector lanes (the last one masked). */
    static void copy(float[] src, int s, float[] dst, int d, int len) {
        int t = 0;
        for (; t + Vectors.LANES <= len; t += Vectors.LANES) {
            FloatVector.fromArray(Vectors.FLOAT, src, s + t).intoArray(dst, d + t);
        }
        if (t < len) {
            VectorMask<Float> m = Vectors.FLOAT.indexInRange(t, len);
            FloatVector.fromArray(Vectors.FLOAT, src, s + t, m).intoArray(dst, d + t, m);
        }
    }
}
