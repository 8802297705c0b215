package dev.jgan.tensor.reference;

/** Plain float64 GEMM with obvious loops: the reference the fast kernel is tested against. */
public final class ReferenceGemm {
    private ReferenceGemm() {}

    /** C = alpha * op(A) * op(B) + beta * C in double precision (beta == 0 ignores C), rounded to float. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                             float beta, float[] c, int cOffset, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double av = transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
                    double bv = transB ? b[bOffset + j * ldb + p] : b[bOffset + p * ldb + j];
                    sum += av * bv;
                }
                int at = cOffset + i * ldc + j;
                double old = beta == 0f ? 0 : (double) beta * c[at];
                c[at] = (float) (alpha * sum + old);
            }
        }
    }
}
