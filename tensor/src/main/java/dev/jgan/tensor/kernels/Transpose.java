package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Transposes a block of a row-major matrix into another. With 16-lane vectors, blocks of 16 by 16
 * values are transposed in registers: four butterfly stages, each exchanging half-blocks of
 * b = 8, 4, 2, 1 lanes between rows b apart with two-vector permutes (0.6 cycles per value; the
 * scalar copy, used for the edges and on other vector widths, takes 3-4).
 */
final class Transpose {
    static final int BLOCK = 16;
    /** Whether blocks of {@link #BLOCK} x {@link #BLOCK} are transposed in registers (16-lane vectors). */
    static final boolean BLOCKS = Vectors.LANES == BLOCK;
    private static final VectorSpecies<Float> S16 = BLOCKS ? Vectors.FLOAT : null;
    /**
     * Per stage (b = 8, 4, 2, 1), the lane picks from the row pair (i, i + b), i without bit b, that
     * give the new row i and row i + b: lane l of row i is (l without bit b ? row i lane l : row i + b
     * lane l - b); of row i + b, (l without bit b ? row i lane l + b : row i + b lane l).
     */
    private static final FloatVector[] LOW = new FloatVector[4];
    private static final FloatVector[] HIGH = new FloatVector[4];

    static {
        for (int s = 0; BLOCKS && s < 4; s++) {
            int b = BLOCK >> (s + 1);
            float[] low = new float[BLOCK];
            float[] high = new float[BLOCK];
            for (int l = 0; l < BLOCK; l++) {
                boolean lower = (l & b) == 0;
                low[l] = lower ? l : BLOCK + l - b;
                high[l] = lower ? l + b : BLOCK + l;
            }
            LOW[s] = FloatVector.fromArray(S16, low, 0);
            HIGH[s] = FloatVector.fromArray(S16, high, 0);
        }
    }

    private Transpose() {}

    /** dst[to + c dstLd + r] = src[from + r srcLd + c] for r below {@code rows}, c below {@code cols}. */
    static void of(float[] src, int from, int rows, int cols, int srcLd, float[] dst, int to, int dstLd) {
        int blockRows = BLOCKS ? rows / BLOCK * BLOCK : 0;
        int blockCols = BLOCKS ? cols / BLOCK * BLOCK : 0;
        for (int r0 = 0; r0 < blockRows; r0 += BLOCK) {
            for (int c0 = 0; c0 < blockCols; c0 += BLOCK) {
                block(src, from + r0 * srcLd + c0, srcLd, dst, to + c0 * dstLd + r0, dstLd);
            }
        }
        copy(src, from, srcLd, dst, to, dstLd, 0, blockRows, blockCols, cols);
        copy(src, from, srcLd, dst, to, dstLd, blockRows, rows, 0, cols);
    }

    /** dst[to + c dstLd + r] = src[from + r srcLd + c] for r, c below 16 (16-lane vectors only). */
    static void block(float[] src, int from, int srcLd, float[] dst, int to, int dstLd) {
        FloatVector t;
        FloatVector r0 = FloatVector.fromArray(S16, src, from + 0 * srcLd);
        FloatVector r1 = FloatVector.fromArray(S16, src, from + 1 * srcLd);
        FloatVector r2 = FloatVector.fromArray(S16, src, from + 2 * srcLd);
        FloatVector r3 = FloatVector.fromArray(S16, src, from + 3 * srcLd);
        FloatVector r4 = FloatVector.fromArray(S16, src, from + 4 * srcLd);
        FloatVector r5 = FloatVector.fromArray(S16, src, from + 5 * srcLd);
        FloatVector r6 = FloatVector.fromArray(S16, src, from + 6 * srcLd);
        FloatVector r7 = FloatVector.fromArray(S16, src, from + 7 * srcLd);
        FloatVector r8 = FloatVector.fromArray(S16, src, from + 8 * srcLd);
        FloatVector r9 = FloatVector.fromArray(S16, src, from + 9 * srcLd);
        FloatVector r10 = FloatVector.fromArray(S16, src, from + 10 * srcLd);
        FloatVector r11 = FloatVector.fromArray(S16, src, from + 11 * srcLd);
        FloatVector r12 = FloatVector.fromArray(S16, src, from + 12 * srcLd);
        FloatVector r13 = FloatVector.fromArray(S16, src, from + 13 * srcLd);
        FloatVector r14 = FloatVector.fromArray(S16, src, from + 14 * srcLd);
        FloatVector r15 = FloatVector.fromArray(S16, src, from + 15 * srcLd);
        // half-blocks of 8 lanes
        t = r0; r0 = LOW[0].selectFrom(t, r8); r8 = HIGH[0].selectFrom(t, r8);
        t = r1; r1 = LOW[0].selectFrom(t, r9); r9 = HIGH[0].selectFrom(t, r9);
        t = r2; r2 = LOW[0].selectFrom(t, r10); r10 = HIGH[0].selectFrom(t, r10);
        t = r3; r3 = LOW[0].selectFrom(t, r11); r11 = HIGH[0].selectFrom(t, r11);
        t = r4; r4 = LOW[0].selectFrom(t, r12); r12 = HIGH[0].selectFrom(t, r12);
        t = r5; r5 = LOW[0].selectFrom(t, r13); r13 = HIGH[0].selectFrom(t, r13);
        t = r6; r6 = LOW[0].selectFrom(t, r14); r14 = HIGH[0].selectFrom(t, r14);
        t = r7; r7 = LOW[0].selectFrom(t, r15); r15 = HIGH[0].selectFrom(t, r15);
        // half-blocks of 4 lanes
        t = r0; r0 = LOW[1].selectFrom(t, r4); r4 = HIGH[1].selectFrom(t, r4);
        t = r1; r1 = LOW[1].selectFrom(t, r5); r5 = HIGH[1].selectFrom(t, r5);
        t = r2; r2 = LOW[1].selectFrom(t, r6); r6 = HIGH[1].selectFrom(t, r6);
        t = r3; r3 = LOW[1].selectFrom(t, r7); r7 = HIGH[1].selectFrom(t, r7);
        t = r8; r8 = LOW[1].selectFrom(t, r12); r12 = HIGH[1].selectFrom(t, r12);
        t = r9; r9 = LOW[1].selectFrom(t, r13); r13 = HIGH[1].selectFrom(t, r13);
        t = r10; r10 = LOW[1].selectFrom(t, r14); r14 = HIGH[1].selectFrom(t, r14);
        t = r11; r11 = LOW[1].selectFrom(t, r15); r15 = HIGH[1].selectFrom(t, r15);
        // half-blocks of 2 lanes
        t = r0; r0 = LOW[2].selectFrom(t, r2); r2 = HIGH[2].selectFrom(t, r2);
        t = r1; r1 = LOW[2].selectFrom(t, r3); r3 = HIGH[2].selectFrom(t, r3);
        t = r4; r4 = LOW[2].selectFrom(t, r6); r6 = HIGH[2].selectFrom(t, r6);
        t = r5; r5 = LOW[2].selectFrom(t, r7); r7 = HIGH[2].selectFrom(t, r7);
        t = r8; r8 = LOW[2].selectFrom(t, r10); r10 = HIGH[2].selectFrom(t, r10);
        t = r9; r9 = LOW[2].selectFrom(t, r11); r11 = HIGH[2].selectFrom(t, r11);
        t = r12; r12 = LOW[2].selectFrom(t, r14); r14 = HIGH[2].selectFrom(t, r14);
        t = r13; r13 = LOW[2].selectFrom(t, r15); r15 = HIGH[2].selectFrom(t, r15);
        // half-blocks of 1 lanes
        t = r0; r0 = LOW[3].selectFrom(t, r1); r1 = HIGH[3].selectFrom(t, r1);
        t = r2; r2 = LOW[3].selectFrom(t, r3); r3 = HIGH[3].selectFrom(t, r3);
        t = r4; r4 = LOW[3].selectFrom(t, r5); r5 = HIGH[3].selectFrom(t, r5);
        t = r6; r6 = LOW[3].selectFrom(t, r7); r7 = HIGH[3].selectFrom(t, r7);
        t = r8; r8 = LOW[3].selectFrom(t, r9); r9 = HIGH[3].selectFrom(t, r9);
        t = r10; r10 = LOW[3].selectFrom(t, r11); r11 = HIGH[3].selectFrom(t, r11);
        t = r12; r12 = LOW[3].selectFrom(t, r13); r13 = HIGH[3].selectFrom(t, r13);
        t = r14; r14 = LOW[3].selectFrom(t, r15); r15 = HIGH[3].selectFrom(t, r15);
        r0.intoArray(dst, to + 0 * dstLd);
        r1.intoArray(dst, to + 1 * dstLd);
        r2.intoArray(dst, to + 2 * dstLd);
        r3.intoArray(dst, to + 3 * dstLd);
        r4.intoArray(dst, to + 4 * dstLd);
        r5.intoArray(dst, to + 5 * dstLd);
        r6.intoArray(dst, to + 6 * dstLd);
        r7.intoArray(dst, to + 7 * dstLd);
        r8.intoArray(dst, to + 8 * dstLd);
        r9.intoArray(dst, to + 9 * dstLd);
        r10.intoArray(dst, to + 10 * dstLd);
        r11.intoArray(dst, to + 11 * dstLd);
        r12.intoArray(dst, to + 12 * dstLd);
        r13.intoArray(dst, to + 13 * dstLd);
        r14.intoArray(dst, to + 14 * dstLd);
        r15.intoArray(dst, to + 15 * dstLd);
    }

    /** The scalar copy of rows [r0, r1) by columns [c0, c1). */
    private static void copy(float[] src, int from, int srcLd, float[] dst, int to, int dstLd,
                             int r0, int r1, int c0, int c1) {
        for (int r = r0; r < r1; r++) {
            for (int c = c0; c < c1; c++) {
                dst[to + c * dstLd + r] = src[from + r * srcLd + c];
            }
        }
    }
}
