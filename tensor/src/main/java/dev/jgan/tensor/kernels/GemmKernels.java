package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked GEMM micro-kernels: each computes one MR x (NV vectors) tile of
 * C from a packed A micro-panel (kc steps of MR values) and a packed B micro-panel
 * (kc steps of NV vectors), keeping the MR*NV accumulators in registers: C = A B, or C += A B
 * when accumulating (the accumulators then start from C; otherwise C is never read).
 *
 * <p>Each kernel is written out in full (no arrays, no inner loops over the tile) so the
 * JIT keeps every accumulator in a register. The stores are bare {@code intoArray} calls: a
 * larger epilogue (alpha and beta per vector) made C2 stop inlining part-way through
 * (NodeCountInliningCutoff), and the accumulators it left to non-inlined calls were boxed,
 * about 0.6-1 KB of garbage per call.
 */
final class GemmKernels {
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();

    private GemmKernels() {}

    /** 4 rows x 2 vectors: 8 accumulators. */
    static void kernel4x2(int kc, float[] a, int aOff, float[] b, int bOff,
                          boolean accumulate, float[] c, int cOff, int ldc) {
        FloatVector c00 = start(accumulate, c, cOff), c01 = start(accumulate, c, cOff + L);
        FloatVector c10 = start(accumulate, c, cOff + ldc), c11 = start(accumulate, c, cOff + ldc + L);
        FloatVector c20 = start(accumulate, c, cOff + 2 * ldc), c21 = start(accumulate, c, cOff + 2 * ldc + L);
        FloatVector c30 = start(accumulate, c, cOff + 3 * ldc), c31 = start(accumulate, c, cOff + 3 * ldc + L);
        int ai = aOff;
        int bi = bOff;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
            ai += 4;
            bi += 2 * L;
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + L);
        c10.intoArray(c, cOff + ldc);
        c11.intoArray(c, cOff + ldc + L);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + L);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + L);
    }

    /** 3 rows x 3 vectors: 9 accumulators. */
    static void kernel3x3(int kc, float[] a, int aOff, float[] b, int bOff,
                          boolean accumulate, float[] c, int cOff, int ldc) {
        FloatVector c00 = start(accumulate, c, cOff), c01 = start(accumulate, c, cOff + L), c02 = start(accumulate, c, cOff + 2 * L);
        FloatVector c10 = start(accumulate, c, cOff + ldc), c11 = start(accumulate, c, cOff + ldc + L), c12 = start(accumulate, c, cOff + ldc + 2 * L);
        FloatVector c20 = start(accumulate, c, cOff + 2 * ldc), c21 = start(accumulate, c, cOff + 2 * ldc + L), c22 = start(accumulate, c, cOff + 2 * ldc + 2 * L);
        int ai = aOff;
        int bi = bOff;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22);
            ai += 3;
            bi += 3 * L;
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + L);
        c02.intoArray(c, cOff + 2 * L);
        c10.intoArray(c, cOff + ldc);
        c11.intoArray(c, cOff + ldc + L);
        c12.intoArray(c, cOff + ldc + 2 * L);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + L);
        c22.intoArray(c, cOff + 2 * ldc + 2 * L);
    }

    /** 6 rows x 3 vectors: 18 accumulators. */
    static void kernel6x3(int kc, float[] a, int aOff, float[] b, int bOff,
                          boolean accumulate, float[] c, int cOff, int ldc) {
        FloatVector c00 = start(accumulate, c, cOff), c01 = start(accumulate, c, cOff + L), c02 = start(accumulate, c, cOff + 2 * L);
        FloatVector c10 = start(accumulate, c, cOff + ldc), c11 = start(accumulate, c, cOff + ldc + L), c12 = start(accumulate, c, cOff + ldc + 2 * L);
        FloatVector c20 = start(accumulate, c, cOff + 2 * ldc), c21 = start(accumulate, c, cOff + 2 * ldc + L), c22 = start(accumulate, c, cOff + 2 * ldc + 2 * L);
        FloatVector c30 = start(accumulate, c, cOff + 3 * ldc), c31 = start(accumulate, c, cOff + 3 * ldc + L), c32 = start(accumulate, c, cOff + 3 * ldc + 2 * L);
        FloatVector c40 = start(accumulate, c, cOff + 4 * ldc), c41 = start(accumulate, c, cOff + 4 * ldc + L), c42 = start(accumulate, c, cOff + 4 * ldc + 2 * L);
        FloatVector c50 = start(accumulate, c, cOff + 5 * ldc), c51 = start(accumulate, c, cOff + 5 * ldc + L), c52 = start(accumulate, c, cOff + 5 * ldc + 2 * L);
        int ai = aOff;
        int bi = bOff;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32);
            FloatVector a4 = FloatVector.broadcast(S, a[ai + 4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41); c42 = a4.fma(b2, c42);
            FloatVector a5 = FloatVector.broadcast(S, a[ai + 5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51); c52 = a5.fma(b2, c52);
            ai += 6;
            bi += 3 * L;
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + L);
        c02.intoArray(c, cOff + 2 * L);
        c10.intoArray(c, cOff + ldc);
        c11.intoArray(c, cOff + ldc + L);
        c12.intoArray(c, cOff + ldc + 2 * L);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + L);
        c22.intoArray(c, cOff + 2 * ldc + 2 * L);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + L);
        c32.intoArray(c, cOff + 3 * ldc + 2 * L);
        c40.intoArray(c, cOff + 4 * ldc);
        c41.intoArray(c, cOff + 4 * ldc + L);
        c42.intoArray(c, cOff + 4 * ldc + 2 * L);
        c50.intoArray(c, cOff + 5 * ldc);
        c51.intoArray(c, cOff + 5 * ldc + L);
        c52.intoArray(c, cOff + 5 * ldc + 2 * L);
    }

    /** 8 rows x 2 vectors: 16 accumulators. */
    static void kernel8x2(int kc, float[] a, int aOff, float[] b, int bOff,
                          boolean accumulate, float[] c, int cOff, int ldc) {
        FloatVector c00 = start(accumulate, c, cOff), c01 = start(accumulate, c, cOff + L);
        FloatVector c10 = start(accumulate, c, cOff + ldc), c11 = start(accumulate, c, cOff + ldc + L);
        FloatVector c20 = start(accumulate, c, cOff + 2 * ldc), c21 = start(accumulate, c, cOff + 2 * ldc + L);
        FloatVector c30 = start(accumulate, c, cOff + 3 * ldc), c31 = start(accumulate, c, cOff + 3 * ldc + L);
        FloatVector c40 = start(accumulate, c, cOff + 4 * ldc), c41 = start(accumulate, c, cOff + 4 * ldc + L);
        FloatVector c50 = start(accumulate, c, cOff + 5 * ldc), c51 = start(accumulate, c, cOff + 5 * ldc + L);
        FloatVector c60 = start(accumulate, c, cOff + 6 * ldc), c61 = start(accumulate, c, cOff + 6 * ldc + L);
        FloatVector c70 = start(accumulate, c, cOff + 7 * ldc), c71 = start(accumulate, c, cOff + 7 * ldc + L);
        int ai = aOff;
        int bi = bOff;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[ai + 4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[ai + 5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, a[ai + 6]);
            c60 = a6.fma(b0, c60); c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, a[ai + 7]);
            c70 = a7.fma(b0, c70); c71 = a7.fma(b1, c71);
            ai += 8;
            bi += 2 * L;
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + L);
        c10.intoArray(c, cOff + ldc);
        c11.intoArray(c, cOff + ldc + L);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + L);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + L);
        c40.intoArray(c, cOff + 4 * ldc);
        c41.intoArray(c, cOff + 4 * ldc + L);
        c50.intoArray(c, cOff + 5 * ldc);
        c51.intoArray(c, cOff + 5 * ldc + L);
        c60.intoArray(c, cOff + 6 * ldc);
        c61.intoArray(c, cOff + 6 * ldc + L);
        c70.intoArray(c, cOff + 7 * ldc);
        c71.intoArray(c, cOff + 7 * ldc + L);
    }

    /** 12 rows x 2 vectors: 24 accumulators. */
    static void kernel12x2(int kc, float[] a, int aOff, float[] b, int bOff,
                          boolean accumulate, float[] c, int cOff, int ldc) {
        FloatVector c00 = start(accumulate, c, cOff), c01 = start(accumulate, c, cOff + L);
        FloatVector c10 = start(accumulate, c, cOff + ldc), c11 = start(accumulate, c, cOff + ldc + L);
        FloatVector c20 = start(accumulate, c, cOff + 2 * ldc), c21 = start(accumulate, c, cOff + 2 * ldc + L);
        FloatVector c30 = start(accumulate, c, cOff + 3 * ldc), c31 = start(accumulate, c, cOff + 3 * ldc + L);
        FloatVector c40 = start(accumulate, c, cOff + 4 * ldc), c41 = start(accumulate, c, cOff + 4 * ldc + L);
        FloatVector c50 = start(accumulate, c, cOff + 5 * ldc), c51 = start(accumulate, c, cOff + 5 * ldc + L);
        FloatVector c60 = start(accumulate, c, cOff + 6 * ldc), c61 = start(accumulate, c, cOff + 6 * ldc + L);
        FloatVector c70 = start(accumulate, c, cOff + 7 * ldc), c71 = start(accumulate, c, cOff + 7 * ldc + L);
        FloatVector c80 = start(accumulate, c, cOff + 8 * ldc), c81 = start(accumulate, c, cOff + 8 * ldc + L);
        FloatVector c90 = start(accumulate, c, cOff + 9 * ldc), c91 = start(accumulate, c, cOff + 9 * ldc + L);
        FloatVector c100 = start(accumulate, c, cOff + 10 * ldc), c101 = start(accumulate, c, cOff + 10 * ldc + L);
        FloatVector c110 = start(accumulate, c, cOff + 11 * ldc), c111 = start(accumulate, c, cOff + 11 * ldc + L);
        int ai = aOff;
        int bi = bOff;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[ai + 4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[ai + 5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, a[ai + 6]);
            c60 = a6.fma(b0, c60); c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, a[ai + 7]);
            c70 = a7.fma(b0, c70); c71 = a7.fma(b1, c71);
            FloatVector a8 = FloatVector.broadcast(S, a[ai + 8]);
            c80 = a8.fma(b0, c80); c81 = a8.fma(b1, c81);
            FloatVector a9 = FloatVector.broadcast(S, a[ai + 9]);
            c90 = a9.fma(b0, c90); c91 = a9.fma(b1, c91);
            FloatVector a10 = FloatVector.broadcast(S, a[ai + 10]);
            c100 = a10.fma(b0, c100); c101 = a10.fma(b1, c101);
            FloatVector a11 = FloatVector.broadcast(S, a[ai + 11]);
            c110 = a11.fma(b0, c110); c111 = a11.fma(b1, c111);
            ai += 12;
            bi += 2 * L;
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + L);
        c10.intoArray(c, cOff + ldc);
        c11.intoArray(c, cOff + ldc + L);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + L);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + L);
        c40.intoArray(c, cOff + 4 * ldc);
        c41.intoArray(c, cOff + 4 * ldc + L);
        c50.intoArray(c, cOff + 5 * ldc);
        c51.intoArray(c, cOff + 5 * ldc + L);
        c60.intoArray(c, cOff + 6 * ldc);
        c61.intoArray(c, cOff + 6 * ldc + L);
        c70.intoArray(c, cOff + 7 * ldc);
        c71.intoArray(c, cOff + 7 * ldc + L);
        c80.intoArray(c, cOff + 8 * ldc);
        c81.intoArray(c, cOff + 8 * ldc + L);
        c90.intoArray(c, cOff + 9 * ldc);
        c91.intoArray(c, cOff + 9 * ldc + L);
        c100.intoArray(c, cOff + 10 * ldc);
        c101.intoArray(c, cOff + 10 * ldc + L);
        c110.intoArray(c, cOff + 11 * ldc);
        c111.intoArray(c, cOff + 11 * ldc + L);
    }

    /** 6 rows x 4 vectors: 24 accumulators. */
    static void kernel6x4(int kc, float[] a, int aOff, float[] b, int bOff,
                          boolean accumulate, float[] c, int cOff, int ldc) {
        FloatVector c00 = start(accumulate, c, cOff), c01 = start(accumulate, c, cOff + L), c02 = start(accumulate, c, cOff + 2 * L), c03 = start(accumulate, c, cOff + 3 * L);
        FloatVector c10 = start(accumulate, c, cOff + ldc), c11 = start(accumulate, c, cOff + ldc + L), c12 = start(accumulate, c, cOff + ldc + 2 * L), c13 = start(accumulate, c, cOff + ldc + 3 * L);
        FloatVector c20 = start(accumulate, c, cOff + 2 * ldc), c21 = start(accumulate, c, cOff + 2 * ldc + L), c22 = start(accumulate, c, cOff + 2 * ldc + 2 * L), c23 = start(accumulate, c, cOff + 2 * ldc + 3 * L);
        FloatVector c30 = start(accumulate, c, cOff + 3 * ldc), c31 = start(accumulate, c, cOff + 3 * ldc + L), c32 = start(accumulate, c, cOff + 3 * ldc + 2 * L), c33 = start(accumulate, c, cOff + 3 * ldc + 3 * L);
        FloatVector c40 = start(accumulate, c, cOff + 4 * ldc), c41 = start(accumulate, c, cOff + 4 * ldc + L), c42 = start(accumulate, c, cOff + 4 * ldc + 2 * L), c43 = start(accumulate, c, cOff + 4 * ldc + 3 * L);
        FloatVector c50 = start(accumulate, c, cOff + 5 * ldc), c51 = start(accumulate, c, cOff + 5 * ldc + L), c52 = start(accumulate, c, cOff + 5 * ldc + 2 * L), c53 = start(accumulate, c, cOff + 5 * ldc + 3 * L);
        int ai = aOff;
        int bi = bOff;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02); c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12); c13 = a1.fma(b3, c13);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22); c23 = a2.fma(b3, c23);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32); c33 = a3.fma(b3, c33);
            FloatVector a4 = FloatVector.broadcast(S, a[ai + 4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41); c42 = a4.fma(b2, c42); c43 = a4.fma(b3, c43);
            FloatVector a5 = FloatVector.broadcast(S, a[ai + 5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51); c52 = a5.fma(b2, c52); c53 = a5.fma(b3, c53);
            ai += 6;
            bi += 4 * L;
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + L);
        c02.intoArray(c, cOff + 2 * L);
        c03.intoArray(c, cOff + 3 * L);
        c10.intoArray(c, cOff + ldc);
        c11.intoArray(c, cOff + ldc + L);
        c12.intoArray(c, cOff + ldc + 2 * L);
        c13.intoArray(c, cOff + ldc + 3 * L);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + L);
        c22.intoArray(c, cOff + 2 * ldc + 2 * L);
        c23.intoArray(c, cOff + 2 * ldc + 3 * L);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + L);
        c32.intoArray(c, cOff + 3 * ldc + 2 * L);
        c33.intoArray(c, cOff + 3 * ldc + 3 * L);
        c40.intoArray(c, cOff + 4 * ldc);
        c41.intoArray(c, cOff + 4 * ldc + L);
        c42.intoArray(c, cOff + 4 * ldc + 2 * L);
        c43.intoArray(c, cOff + 4 * ldc + 3 * L);
        c50.intoArray(c, cOff + 5 * ldc);
        c51.intoArray(c, cOff + 5 * ldc + L);
        c52.intoArray(c, cOff + 5 * ldc + 2 * L);
        c53.intoArray(c, cOff + 5 * ldc + 3 * L);
    }

    /** 8 rows x 3 vectors: 24 accumulators. */
    static void kernel8x3(int kc, float[] a, int aOff, float[] b, int bOff,
                          boolean accumulate, float[] c, int cOff, int ldc) {
        FloatVector c00 = start(accumulate, c, cOff), c01 = start(accumulate, c, cOff + L), c02 = start(accumulate, c, cOff + 2 * L);
        FloatVector c10 = start(accumulate, c, cOff + ldc), c11 = start(accumulate, c, cOff + ldc + L), c12 = start(accumulate, c, cOff + ldc + 2 * L);
        FloatVector c20 = start(accumulate, c, cOff + 2 * ldc), c21 = start(accumulate, c, cOff + 2 * ldc + L), c22 = start(accumulate, c, cOff + 2 * ldc + 2 * L);
        FloatVector c30 = start(accumulate, c, cOff + 3 * ldc), c31 = start(accumulate, c, cOff + 3 * ldc + L), c32 = start(accumulate, c, cOff + 3 * ldc + 2 * L);
        FloatVector c40 = start(accumulate, c, cOff + 4 * ldc), c41 = start(accumulate, c, cOff + 4 * ldc + L), c42 = start(accumulate, c, cOff + 4 * ldc + 2 * L);
        FloatVector c50 = start(accumulate, c, cOff + 5 * ldc), c51 = start(accumulate, c, cOff + 5 * ldc + L), c52 = start(accumulate, c, cOff + 5 * ldc + 2 * L);
        FloatVector c60 = start(accumulate, c, cOff + 6 * ldc), c61 = start(accumulate, c, cOff + 6 * ldc + L), c62 = start(accumulate, c, cOff + 6 * ldc + 2 * L);
        FloatVector c70 = start(accumulate, c, cOff + 7 * ldc), c71 = start(accumulate, c, cOff + 7 * ldc + L), c72 = start(accumulate, c, cOff + 7 * ldc + 2 * L);
        int ai = aOff;
        int bi = bOff;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32);
            FloatVector a4 = FloatVector.broadcast(S, a[ai + 4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41); c42 = a4.fma(b2, c42);
            FloatVector a5 = FloatVector.broadcast(S, a[ai + 5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51); c52 = a5.fma(b2, c52);
            FloatVector a6 = FloatVector.broadcast(S, a[ai + 6]);
            c60 = a6.fma(b0, c60); c61 = a6.fma(b1, c61); c62 = a6.fma(b2, c62);
            FloatVector a7 = FloatVector.broadcast(S, a[ai + 7]);
            c70 = a7.fma(b0, c70); c71 = a7.fma(b1, c71); c72 = a7.fma(b2, c72);
            ai += 8;
            bi += 3 * L;
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + L);
        c02.intoArray(c, cOff + 2 * L);
        c10.intoArray(c, cOff + ldc);
        c11.intoArray(c, cOff + ldc + L);
        c12.intoArray(c, cOff + ldc + 2 * L);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + L);
        c22.intoArray(c, cOff + 2 * ldc + 2 * L);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + L);
        c32.intoArray(c, cOff + 3 * ldc + 2 * L);
        c40.intoArray(c, cOff + 4 * ldc);
        c41.intoArray(c, cOff + 4 * ldc + L);
        c42.intoArray(c, cOff + 4 * ldc + 2 * L);
        c50.intoArray(c, cOff + 5 * ldc);
        c51.intoArray(c, cOff + 5 * ldc + L);
        c52.intoArray(c, cOff + 5 * ldc + 2 * L);
        c60.intoArray(c, cOff + 6 * ldc);
        c61.intoArray(c, cOff + 6 * ldc + L);
        c62.intoArray(c, cOff + 6 * ldc + 2 * L);
        c70.intoArray(c, cOff + 7 * ldc);
        c71.intoArray(c, cOff + 7 * ldc + L);
        c72.intoArray(c, cOff + 7 * ldc + 2 * L);
    }

    /** 14 rows x 2 vectors: 28 accumulators. */
    static void kernel14x2(int kc, float[] a, int aOff, float[] b, int bOff,
                          boolean accumulate, float[] c, int cOff, int ldc) {
        FloatVector c00 = start(accumulate, c, cOff), c01 = start(accumulate, c, cOff + L);
        FloatVector c10 = start(accumulate, c, cOff + ldc), c11 = start(accumulate, c, cOff + ldc + L);
        FloatVector c20 = start(accumulate, c, cOff + 2 * ldc), c21 = start(accumulate, c, cOff + 2 * ldc + L);
        FloatVector c30 = start(accumulate, c, cOff + 3 * ldc), c31 = start(accumulate, c, cOff + 3 * ldc + L);
        FloatVector c40 = start(accumulate, c, cOff + 4 * ldc), c41 = start(accumulate, c, cOff + 4 * ldc + L);
        FloatVector c50 = start(accumulate, c, cOff + 5 * ldc), c51 = start(accumulate, c, cOff + 5 * ldc + L);
        FloatVector c60 = start(accumulate, c, cOff + 6 * ldc), c61 = start(accumulate, c, cOff + 6 * ldc + L);
        FloatVector c70 = start(accumulate, c, cOff + 7 * ldc), c71 = start(accumulate, c, cOff + 7 * ldc + L);
        FloatVector c80 = start(accumulate, c, cOff + 8 * ldc), c81 = start(accumulate, c, cOff + 8 * ldc + L);
        FloatVector c90 = start(accumulate, c, cOff + 9 * ldc), c91 = start(accumulate, c, cOff + 9 * ldc + L);
        FloatVector c100 = start(accumulate, c, cOff + 10 * ldc), c101 = start(accumulate, c, cOff + 10 * ldc + L);
        FloatVector c110 = start(accumulate, c, cOff + 11 * ldc), c111 = start(accumulate, c, cOff + 11 * ldc + L);
        FloatVector c120 = start(accumulate, c, cOff + 12 * ldc), c121 = start(accumulate, c, cOff + 12 * ldc + L);
        FloatVector c130 = start(accumulate, c, cOff + 13 * ldc), c131 = start(accumulate, c, cOff + 13 * ldc + L);
        int ai = aOff;
        int bi = bOff;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[ai + 4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[ai + 5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, a[ai + 6]);
            c60 = a6.fma(b0, c60); c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, a[ai + 7]);
            c70 = a7.fma(b0, c70); c71 = a7.fma(b1, c71);
            FloatVector a8 = FloatVector.broadcast(S, a[ai + 8]);
            c80 = a8.fma(b0, c80); c81 = a8.fma(b1, c81);
            FloatVector a9 = FloatVector.broadcast(S, a[ai + 9]);
            c90 = a9.fma(b0, c90); c91 = a9.fma(b1, c91);
            FloatVector a10 = FloatVector.broadcast(S, a[ai + 10]);
            c100 = a10.fma(b0, c100); c101 = a10.fma(b1, c101);
            FloatVector a11 = FloatVector.broadcast(S, a[ai + 11]);
            c110 = a11.fma(b0, c110); c111 = a11.fma(b1, c111);
            FloatVector a12 = FloatVector.broadcast(S, a[ai + 12]);
            c120 = a12.fma(b0, c120); c121 = a12.fma(b1, c121);
            FloatVector a13 = FloatVector.broadcast(S, a[ai + 13]);
            c130 = a13.fma(b0, c130); c131 = a13.fma(b1, c131);
            ai += 14;
            bi += 2 * L;
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + L);
        c10.intoArray(c, cOff + ldc);
        c11.intoArray(c, cOff + ldc + L);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + L);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + L);
        c40.intoArray(c, cOff + 4 * ldc);
        c41.intoArray(c, cOff + 4 * ldc + L);
        c50.intoArray(c, cOff + 5 * ldc);
        c51.intoArray(c, cOff + 5 * ldc + L);
        c60.intoArray(c, cOff + 6 * ldc);
        c61.intoArray(c, cOff + 6 * ldc + L);
        c70.intoArray(c, cOff + 7 * ldc);
        c71.intoArray(c, cOff + 7 * ldc + L);
        c80.intoArray(c, cOff + 8 * ldc);
        c81.intoArray(c, cOff + 8 * ldc + L);
        c90.intoArray(c, cOff + 9 * ldc);
        c91.intoArray(c, cOff + 9 * ldc + L);
        c100.intoArray(c, cOff + 10 * ldc);
        c101.intoArray(c, cOff + 10 * ldc + L);
        c110.intoArray(c, cOff + 11 * ldc);
        c111.intoArray(c, cOff + 11 * ldc + L);
        c120.intoArray(c, cOff + 12 * ldc);
        c121.intoArray(c, cOff + 12 * ldc + L);
        c130.intoArray(c, cOff + 13 * ldc);
        c131.intoArray(c, cOff + 13 * ldc + L);
    }


    /** An accumulator's start: C's values when accumulating into C, else zero (C is then not read). */
    private static FloatVector start(boolean accumulate, float[] c, int at) {
        return accumulate ? FloatVector.fromArray(S, c, at) : FloatVector.zero(S);
    }
}
