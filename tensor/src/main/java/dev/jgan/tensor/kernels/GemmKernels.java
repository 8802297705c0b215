package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked GEMM micro-kernels: each computes one MR x (NV vectors) tile of
 * C from a packed A micro-panel (kc steps of MR values) and a packed B micro-panel
 * (kc steps of NV vectors), keeping the MR*NV accumulators in registers, then stores
 * {@code alpha * acc + beta * C} (beta == 0 never reads C).
 *
 * <p>Each kernel is written out in full (no arrays, no inner loops over the tile) so the
 * JIT keeps every accumulator in a register.
 */
final class GemmKernels {
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();

    private GemmKernels() {}

    /** 4 rows x 2 vectors: 8 accumulators. */
    static void kernel4x2(int kc, float[] a, int aOff, float[] b, int bOff,
                          float alpha, float beta, float[] c, int cOff, int ldc) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
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
        store(c00, alpha, beta, c, cOff);
        store(c01, alpha, beta, c, cOff + L);
        store(c10, alpha, beta, c, cOff + ldc);
        store(c11, alpha, beta, c, cOff + ldc + L);
        store(c20, alpha, beta, c, cOff + 2 * ldc);
        store(c21, alpha, beta, c, cOff + 2 * ldc + L);
        store(c30, alpha, beta, c, cOff + 3 * ldc);
        store(c31, alpha, beta, c, cOff + 3 * ldc + L);
    }

    /** 3 rows x 3 vectors: 9 accumulators. */
    static void kernel3x3(int kc, float[] a, int aOff, float[] b, int bOff,
                          float alpha, float beta, float[] c, int cOff, int ldc) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero, c02 = zero;
        FloatVector c10 = zero, c11 = zero, c12 = zero;
        FloatVector c20 = zero, c21 = zero, c22 = zero;
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
        store(c00, alpha, beta, c, cOff);
        store(c01, alpha, beta, c, cOff + L);
        store(c02, alpha, beta, c, cOff + 2 * L);
        store(c10, alpha, beta, c, cOff + ldc);
        store(c11, alpha, beta, c, cOff + ldc + L);
        store(c12, alpha, beta, c, cOff + ldc + 2 * L);
        store(c20, alpha, beta, c, cOff + 2 * ldc);
        store(c21, alpha, beta, c, cOff + 2 * ldc + L);
        store(c22, alpha, beta, c, cOff + 2 * ldc + 2 * L);
    }

    /** 6 rows x 3 vectors: 18 accumulators. */
    static void kernel6x3(int kc, float[] a, int aOff, float[] b, int bOff,
                          float alpha, float beta, float[] c, int cOff, int ldc) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero, c02 = zero;
        FloatVector c10 = zero, c11 = zero, c12 = zero;
        FloatVector c20 = zero, c21 = zero, c22 = zero;
        FloatVector c30 = zero, c31 = zero, c32 = zero;
        FloatVector c40 = zero, c41 = zero, c42 = zero;
        FloatVector c50 = zero, c51 = zero, c52 = zero;
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
        store(c00, alpha, beta, c, cOff);
        store(c01, alpha, beta, c, cOff + L);
        store(c02, alpha, beta, c, cOff + 2 * L);
        store(c10, alpha, beta, c, cOff + ldc);
        store(c11, alpha, beta, c, cOff + ldc + L);
        store(c12, alpha, beta, c, cOff + ldc + 2 * L);
        store(c20, alpha, beta, c, cOff + 2 * ldc);
        store(c21, alpha, beta, c, cOff + 2 * ldc + L);
        store(c22, alpha, beta, c, cOff + 2 * ldc + 2 * L);
        store(c30, alpha, beta, c, cOff + 3 * ldc);
        store(c31, alpha, beta, c, cOff + 3 * ldc + L);
        store(c32, alpha, beta, c, cOff + 3 * ldc + 2 * L);
        store(c40, alpha, beta, c, cOff + 4 * ldc);
        store(c41, alpha, beta, c, cOff + 4 * ldc + L);
        store(c42, alpha, beta, c, cOff + 4 * ldc + 2 * L);
        store(c50, alpha, beta, c, cOff + 5 * ldc);
        store(c51, alpha, beta, c, cOff + 5 * ldc + L);
        store(c52, alpha, beta, c, cOff + 5 * ldc + 2 * L);
    }

    /** 8 rows x 2 vectors: 16 accumulators. */
    static void kernel8x2(int kc, float[] a, int aOff, float[] b, int bOff,
                          float alpha, float beta, float[] c, int cOff, int ldc) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero;
        FloatVector c50 = zero, c51 = zero;
        FloatVector c60 = zero, c61 = zero;
        FloatVector c70 = zero, c71 = zero;
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
        store(c00, alpha, beta, c, cOff);
        store(c01, alpha, beta, c, cOff + L);
        store(c10, alpha, beta, c, cOff + ldc);
        store(c11, alpha, beta, c, cOff + ldc + L);
        store(c20, alpha, beta, c, cOff + 2 * ldc);
        store(c21, alpha, beta, c, cOff + 2 * ldc + L);
        store(c30, alpha, beta, c, cOff + 3 * ldc);
        store(c31, alpha, beta, c, cOff + 3 * ldc + L);
        store(c40, alpha, beta, c, cOff + 4 * ldc);
        store(c41, alpha, beta, c, cOff + 4 * ldc + L);
        store(c50, alpha, beta, c, cOff + 5 * ldc);
        store(c51, alpha, beta, c, cOff + 5 * ldc + L);
        store(c60, alpha, beta, c, cOff + 6 * ldc);
        store(c61, alpha, beta, c, cOff + 6 * ldc + L);
        store(c70, alpha, beta, c, cOff + 7 * ldc);
        store(c71, alpha, beta, c, cOff + 7 * ldc + L);
    }

    /** 12 rows x 2 vectors: 24 accumulators. */
    static void kernel12x2(int kc, float[] a, int aOff, float[] b, int bOff,
                          float alpha, float beta, float[] c, int cOff, int ldc) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero;
        FloatVector c50 = zero, c51 = zero;
        FloatVector c60 = zero, c61 = zero;
        FloatVector c70 = zero, c71 = zero;
        FloatVector c80 = zero, c81 = zero;
        FloatVector c90 = zero, c91 = zero;
        FloatVector c100 = zero, c101 = zero;
        FloatVector c110 = zero, c111 = zero;
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
        store(c00, alpha, beta, c, cOff);
        store(c01, alpha, beta, c, cOff + L);
        store(c10, alpha, beta, c, cOff + ldc);
        store(c11, alpha, beta, c, cOff + ldc + L);
        store(c20, alpha, beta, c, cOff + 2 * ldc);
        store(c21, alpha, beta, c, cOff + 2 * ldc + L);
        store(c30, alpha, beta, c, cOff + 3 * ldc);
        store(c31, alpha, beta, c, cOff + 3 * ldc + L);
        store(c40, alpha, beta, c, cOff + 4 * ldc);
        store(c41, alpha, beta, c, cOff + 4 * ldc + L);
        store(c50, alpha, beta, c, cOff + 5 * ldc);
        store(c51, alpha, beta, c, cOff + 5 * ldc + L);
        store(c60, alpha, beta, c, cOff + 6 * ldc);
        store(c61, alpha, beta, c, cOff + 6 * ldc + L);
        store(c70, alpha, beta, c, cOff + 7 * ldc);
        store(c71, alpha, beta, c, cOff + 7 * ldc + L);
        store(c80, alpha, beta, c, cOff + 8 * ldc);
        store(c81, alpha, beta, c, cOff + 8 * ldc + L);
        store(c90, alpha, beta, c, cOff + 9 * ldc);
        store(c91, alpha, beta, c, cOff + 9 * ldc + L);
        store(c100, alpha, beta, c, cOff + 10 * ldc);
        store(c101, alpha, beta, c, cOff + 10 * ldc + L);
        store(c110, alpha, beta, c, cOff + 11 * ldc);
        store(c111, alpha, beta, c, cOff + 11 * ldc + L);
    }

    /** 6 rows x 4 vectors: 24 accumulators. */
    static void kernel6x4(int kc, float[] a, int aOff, float[] b, int bOff,
                          float alpha, float beta, float[] c, int cOff, int ldc) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero, c02 = zero, c03 = zero;
        FloatVector c10 = zero, c11 = zero, c12 = zero, c13 = zero;
        FloatVector c20 = zero, c21 = zero, c22 = zero, c23 = zero;
        FloatVector c30 = zero, c31 = zero, c32 = zero, c33 = zero;
        FloatVector c40 = zero, c41 = zero, c42 = zero, c43 = zero;
        FloatVector c50 = zero, c51 = zero, c52 = zero, c53 = zero;
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
        store(c00, alpha, beta, c, cOff);
        store(c01, alpha, beta, c, cOff + L);
        store(c02, alpha, beta, c, cOff + 2 * L);
        store(c03, alpha, beta, c, cOff + 3 * L);
        store(c10, alpha, beta, c, cOff + ldc);
        store(c11, alpha, beta, c, cOff + ldc + L);
        store(c12, alpha, beta, c, cOff + ldc + 2 * L);
        store(c13, alpha, beta, c, cOff + ldc + 3 * L);
        store(c20, alpha, beta, c, cOff + 2 * ldc);
        store(c21, alpha, beta, c, cOff + 2 * ldc + L);
        store(c22, alpha, beta, c, cOff + 2 * ldc + 2 * L);
        store(c23, alpha, beta, c, cOff + 2 * ldc + 3 * L);
        store(c30, alpha, beta, c, cOff + 3 * ldc);
        store(c31, alpha, beta, c, cOff + 3 * ldc + L);
        store(c32, alpha, beta, c, cOff + 3 * ldc + 2 * L);
        store(c33, alpha, beta, c, cOff + 3 * ldc + 3 * L);
        store(c40, alpha, beta, c, cOff + 4 * ldc);
        store(c41, alpha, beta, c, cOff + 4 * ldc + L);
        store(c42, alpha, beta, c, cOff + 4 * ldc + 2 * L);
        store(c43, alpha, beta, c, cOff + 4 * ldc + 3 * L);
        store(c50, alpha, beta, c, cOff + 5 * ldc);
        store(c51, alpha, beta, c, cOff + 5 * ldc + L);
        store(c52, alpha, beta, c, cOff + 5 * ldc + 2 * L);
        store(c53, alpha, beta, c, cOff + 5 * ldc + 3 * L);
    }

    /** 8 rows x 3 vectors: 24 accumulators. */
    static void kernel8x3(int kc, float[] a, int aOff, float[] b, int bOff,
                          float alpha, float beta, float[] c, int cOff, int ldc) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero, c02 = zero;
        FloatVector c10 = zero, c11 = zero, c12 = zero;
        FloatVector c20 = zero, c21 = zero, c22 = zero;
        FloatVector c30 = zero, c31 = zero, c32 = zero;
        FloatVector c40 = zero, c41 = zero, c42 = zero;
        FloatVector c50 = zero, c51 = zero, c52 = zero;
        FloatVector c60 = zero, c61 = zero, c62 = zero;
        FloatVector c70 = zero, c71 = zero, c72 = zero;
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
        store(c00, alpha, beta, c, cOff);
        store(c01, alpha, beta, c, cOff + L);
        store(c02, alpha, beta, c, cOff + 2 * L);
        store(c10, alpha, beta, c, cOff + ldc);
        store(c11, alpha, beta, c, cOff + ldc + L);
        store(c12, alpha, beta, c, cOff + ldc + 2 * L);
        store(c20, alpha, beta, c, cOff + 2 * ldc);
        store(c21, alpha, beta, c, cOff + 2 * ldc + L);
        store(c22, alpha, beta, c, cOff + 2 * ldc + 2 * L);
        store(c30, alpha, beta, c, cOff + 3 * ldc);
        store(c31, alpha, beta, c, cOff + 3 * ldc + L);
        store(c32, alpha, beta, c, cOff + 3 * ldc + 2 * L);
        store(c40, alpha, beta, c, cOff + 4 * ldc);
        store(c41, alpha, beta, c, cOff + 4 * ldc + L);
        store(c42, alpha, beta, c, cOff + 4 * ldc + 2 * L);
        store(c50, alpha, beta, c, cOff + 5 * ldc);
        store(c51, alpha, beta, c, cOff + 5 * ldc + L);
        store(c52, alpha, beta, c, cOff + 5 * ldc + 2 * L);
        store(c60, alpha, beta, c, cOff + 6 * ldc);
        store(c61, alpha, beta, c, cOff + 6 * ldc + L);
        store(c62, alpha, beta, c, cOff + 6 * ldc + 2 * L);
        store(c70, alpha, beta, c, cOff + 7 * ldc);
        store(c71, alpha, beta, c, cOff + 7 * ldc + L);
        store(c72, alpha, beta, c, cOff + 7 * ldc + 2 * L);
    }

    /** 14 rows x 2 vectors: 28 accumulators. */
    static void kernel14x2(int kc, float[] a, int aOff, float[] b, int bOff,
                          float alpha, float beta, float[] c, int cOff, int ldc) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero;
        FloatVector c50 = zero, c51 = zero;
        FloatVector c60 = zero, c61 = zero;
        FloatVector c70 = zero, c71 = zero;
        FloatVector c80 = zero, c81 = zero;
        FloatVector c90 = zero, c91 = zero;
        FloatVector c100 = zero, c101 = zero;
        FloatVector c110 = zero, c111 = zero;
        FloatVector c120 = zero, c121 = zero;
        FloatVector c130 = zero, c131 = zero;
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
        store(c00, alpha, beta, c, cOff);
        store(c01, alpha, beta, c, cOff + L);
        store(c10, alpha, beta, c, cOff + ldc);
        store(c11, alpha, beta, c, cOff + ldc + L);
        store(c20, alpha, beta, c, cOff + 2 * ldc);
        store(c21, alpha, beta, c, cOff + 2 * ldc + L);
        store(c30, alpha, beta, c, cOff + 3 * ldc);
        store(c31, alpha, beta, c, cOff + 3 * ldc + L);
        store(c40, alpha, beta, c, cOff + 4 * ldc);
        store(c41, alpha, beta, c, cOff + 4 * ldc + L);
        store(c50, alpha, beta, c, cOff + 5 * ldc);
        store(c51, alpha, beta, c, cOff + 5 * ldc + L);
        store(c60, alpha, beta, c, cOff + 6 * ldc);
        store(c61, alpha, beta, c, cOff + 6 * ldc + L);
        store(c70, alpha, beta, c, cOff + 7 * ldc);
        store(c71, alpha, beta, c, cOff + 7 * ldc + L);
        store(c80, alpha, beta, c, cOff + 8 * ldc);
        store(c81, alpha, beta, c, cOff + 8 * ldc + L);
        store(c90, alpha, beta, c, cOff + 9 * ldc);
        store(c91, alpha, beta, c, cOff + 9 * ldc + L);
        store(c100, alpha, beta, c, cOff + 10 * ldc);
        store(c101, alpha, beta, c, cOff + 10 * ldc + L);
        store(c110, alpha, beta, c, cOff + 11 * ldc);
        store(c111, alpha, beta, c, cOff + 11 * ldc + L);
        store(c120, alpha, beta, c, cOff + 12 * ldc);
        store(c121, alpha, beta, c, cOff + 12 * ldc + L);
        store(c130, alpha, beta, c, cOff + 13 * ldc);
        store(c131, alpha, beta, c, cOff + 13 * ldc + L);
    }


    private static void store(FloatVector acc, float alpha, float beta, float[] c, int at) {
        if (beta == 0f) {
            acc.mul(alpha).intoArray(c, at);
        } else {
            acc.fma(FloatVector.broadcast(S, alpha), FloatVector.fromArray(S, c, at).mul(beta)).intoArray(c, at);
        }
    }
}
