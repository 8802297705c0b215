package dev.jgan.cuda;

import static dev.jgan.cuda.Compare.FP32_TOLERANCE;
import static dev.jgan.cuda.Compare.TF32_TOLERANCE;
import static dev.jgan.cuda.Compare.assertClose;
import static dev.jgan.cuda.Compare.toDouble;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.ChannelOps;
import dev.jgan.tensor.kernels.Gemm;
import dev.jgan.tensor.kernels.MatMul;
import org.junit.jupiter.api.Test;

/** GPU GEMM (FP32 and TF32) against the CPU's Gemm and MatMul: every transpose, odd sizes, padded rows, offsets, batches. */
class CudaGemmGpuTest extends GpuTest {
    /** m, n, k, batch: single elements, sizes just past the 64 x 64 x 16 tiles, several tiles and slices. */
    private static final int[][] SIZES = {{1, 1, 1, 1}, {7, 13, 5, 1}, {65, 31, 17, 3}, {130, 67, 129, 2},
        {3, 257, 300, 1}, {257, 190, 515, 1}};

    @Test
    void batchedProductsMatchTheCpuGemm() {
        for (Precision precision : Precision.values()) {
            CudaGemm gemm = new CudaGemm(context, precision);
            double tolerance = precision == Precision.FP32 ? FP32_TOLERANCE : TF32_TOLERANCE;
            int seed = 400;
            for (int[] size : SIZES) {
                for (boolean transA : new boolean[] {false, true}) {
                    for (boolean transB : new boolean[] {false, true}) {
                        boolean accumulate = (seed & 1) == 0;
                        Layout layout = new Layout(transA, transB, size[0], size[1], size[2], size[3], 1 + seed % 3,
                                seed % 2 == 1);
                        String what = precision + " " + layout + (accumulate ? " alpha 0.5 beta -1.5" : "");
                        run(gemm, layout, accumulate ? 0.5f : 1f, accumulate ? -1.5f : 0f, seed, what, tolerance);
                        seed += 5;
                    }
                }
            }
        }
    }

    @Test
    void selfAttentionProductsMatchTheCpuGemm() {
        // BigGAN's attention on a 7 x 9 map: keys/values stacked [n, 5 + 9, 3 * 4] after pooling
        int n = 2, positions = 63, pooled = 12, keys = 5, values = 9, stacked = keys + values;
        Tensor queries = Tensor.normal(1, 0, 1, n, keys, positions);
        Tensor kv = Tensor.normal(2, 0, 1, n, stacked, pooled);
        float[] attention = new float[n * positions * pooled];
        Gemm.sgemmBatched(true, false, positions, pooled, keys, 1f, queries.data(), 0, positions, keys * positions,
                kv.data(), 0, pooled, stacked * pooled, 0f, attention, 0, pooled, positions * pooled, n);
        float[] o = new float[n * values * positions];
        Gemm.sgemmBatched(false, true, values, positions, pooled, 1f, kv.data(), keys * pooled, pooled, stacked * pooled,
                attention, 0, pooled, positions * pooled, 0f, o, 0, positions, values * positions, n);
        CudaGemm gemm = new CudaGemm(context);
        try (DeviceTensor gq = upload(queries); DeviceTensor gkv = upload(kv);
             DeviceTensor ga = poisoned(n, positions, pooled); DeviceTensor go = poisoned(n, values, positions)) {
            gemm.sgemmBatched(true, false, positions, pooled, keys, 1f, gq, 0, positions, keys * positions,
                    gkv, 0, pooled, stacked * pooled, 0f, ga, 0, pooled, positions * pooled, n);
            gemm.sgemmBatched(false, true, values, positions, pooled, 1f, gkv, keys * pooled, pooled, stacked * pooled,
                    ga, 0, pooled, positions * pooled, 0f, go, 0, positions, values * positions, n);
            assertClose("attention theta^T phi", ga.download().data(), toDouble(attention), FP32_TOLERANCE);
            assertClose("attention g a^T", go.download().data(), toDouble(o), FP32_TOLERANCE);
        }
    }

    @Test
    void matmulAndLinearMatchTheCpu() {
        CudaGemm gemm = new CudaGemm(context);
        Tensor a = Tensor.normal(10, 0, 1, 3, 17, 66);
        Tensor shared = Tensor.normal(11, 0, 1, 31, 66);
        Tensor perItem = Tensor.normal(12, 0, 1, 3, 66, 5);
        try (DeviceTensor ga = upload(a); DeviceTensor gShared = upload(shared); DeviceTensor gPerItem = upload(perItem);
             DeviceTensor out1 = poisoned(3, 17, 31); DeviceTensor out2 = poisoned(3, 17, 5)) {
            gemm.matmul(ga, gShared, false, true, out1);
            assertClose("matmul, shared b transposed", out1.download().data(),
                    toDouble(MatMul.matmul(a, shared, false, true).data()), FP32_TOLERANCE);
            gemm.matmul(ga, gPerItem, false, false, out2);
            assertClose("batched matmul", out2.download().data(),
                    toDouble(MatMul.matmul(a, perItem, false, false).data()), FP32_TOLERANCE);
        }
        for (int rows : new int[] {1, 5}) {
            Tensor x = Tensor.normal(20 + rows, 0, 1, rows, 148);
            Tensor w = Tensor.normal(30 + rows, 0, 0.1f, 67, 148);
            Tensor bias = Tensor.normal(40 + rows, 0, 1, 67);
            Tensor expected = ChannelOps.addRowBias(MatMul.matmul(x, w, false, true), bias);
            try (DeviceTensor gx = upload(x); DeviceTensor gw = upload(w); DeviceTensor gb = upload(bias);
                 DeviceTensor y = poisoned(rows, 67)) {
                gemm.linear(gx, gw, gb, y);
                assertClose("linear, " + rows + " rows", y.download().data(), toDouble(expected.data()), FP32_TOLERANCE);
            }
        }
    }

    @Test
    void operandsOutsideTheirTensorsAreRejected() {
        CudaGemm gemm = new CudaGemm(context);
        try (DeviceTensor a = DeviceTensor.allocate(context, 4, 6); DeviceTensor b = DeviceTensor.allocate(context, 6, 3);
             DeviceTensor c = DeviceTensor.allocate(context, 4, 3); DeviceTensor w = DeviceTensor.allocate(context, 3, 5)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> gemm.sgemmBatched(false, false, 4, 3, 6, 1f, a, 1, 6, 0, b, 0, 3, 0, 0f, c, 0, 3, 0, 1));
            assertTrue(e.getMessage().startsWith("gemm: A"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> gemm.linear(a, w, null, c));
            assertTrue(e.getMessage().startsWith("linear: w"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> gemm.matmul(a, w, false, false, c));
            assertTrue(e.getMessage().contains("inner dimensions"), e.getMessage());
        }
    }

    /** Operands of one batched product, each row padded by {@code pad} values, A and C one row past offset 0. */
    private record Layout(boolean transA, boolean transB, int m, int n, int k, int batch, int pad, boolean shareB) {
        int aRows() {
            return transA ? k : m;
        }

        int lda() {
            return (transA ? m : k) + pad;
        }

        int bRows() {
            return transB ? n : k;
        }

        int ldb() {
            return (transB ? k : n) + pad;
        }

        int ldc() {
            return n + pad;
        }

        int strideA() {
            return aRows() * lda();
        }

        int strideB() {
            return shareB ? 0 : bRows() * ldb();
        }

        int strideC() {
            return m * ldc();
        }

        int aOffset() {
            return lda();
        }

        int cOffset() {
            return ldc();
        }

        @Override
        public String toString() {
            return (transA ? "t" : "n") + (transB ? "t" : "n") + " " + m + "x" + n + "x" + k + " batch " + batch
                    + " pad " + pad + (shareB ? " shared B" : "");
        }
    }

    private static void run(CudaGemm gemm, Layout l, float alpha, float beta, int seed, String what, double tolerance) {
        float[] a = Tensor.normal(seed, 0, 1, l.aOffset() + l.batch() * l.strideA()).data();
        float[] b = Tensor.normal(seed + 1, 0, 1, (l.shareB() ? 1 : l.batch()) * l.bRows() * l.ldb()).data();
        float[] c = Tensor.normal(seed + 2, 0, 1, l.cOffset() + l.batch() * l.strideC()).data();
        float[] expected = c.clone();
        Gemm.sgemmBatched(l.transA(), l.transB(), l.m(), l.n(), l.k(), alpha, a, l.aOffset(), l.lda(), l.strideA(),
                b, 0, l.ldb(), l.strideB(), beta, expected, l.cOffset(), l.ldc(), l.strideC(), l.batch());
        try (DeviceTensor ga = upload(Tensor.wrap(a, a.length)); DeviceTensor gb = upload(Tensor.wrap(b, b.length));
             DeviceTensor gc = beta == 0 ? poisoned(c.length) : upload(Tensor.wrap(c, c.length))) {
            gemm.sgemmBatched(l.transA(), l.transB(), l.m(), l.n(), l.k(), alpha, ga, l.aOffset(), l.lda(), l.strideA(),
                    gb, 0, l.ldb(), l.strideB(), beta, gc, l.cOffset(), l.ldc(), l.strideC(), l.batch());
            float[] got = gc.download().data();
            assertClose(what, cells(l, got), toDouble(cells(l, expected)), tolerance);
            if (beta == 0) {
                for (int i = 0; i < l.cOffset(); i++) {
                    assertTrue(Float.isNaN(got[i]), what + ": wrote before C's offset at " + i);
                }
            }
        }
    }

    /** The m x n values of every batch item of C, without the padding. */
    private static float[] cells(Layout l, float[] c) {
        float[] out = new float[l.batch() * l.m() * l.n()];
        for (int z = 0; z < l.batch(); z++) {
            for (int i = 0; i < l.m(); i++) {
                System.arraycopy(c, l.cOffset() + z * l.strideC() + i * l.ldc(), out, (z * l.m() + i) * l.n(), l.n());
            }
        }
        return out;
    }
}
