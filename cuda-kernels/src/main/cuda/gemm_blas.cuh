// The BLAS-style interface shared by the dense GEMMs in float32 (gemm.cu) and TF32 (gemm_tf32.cu):
// how a finished element of alpha op(A) op(B) is combined with C and the bias, and the entry points,
// so that both precisions have the same parameters and the same epilogue rounding.
#pragma once

namespace gemm_blas {

// c[m * ldc + n] = alpha * product (+ beta * c[m * ldc + n] when beta != 0, so NaN in C is ignored
// with beta = 0) (+ bias[n] when bias is not null), rounded in that order.
__device__ __forceinline__ void store_scaled(float* c, int ldc, const float* bias, int m, int n,
                                             float product, float alpha, float beta) {
    float v = alpha * product;
    if (beta != 0.0f) v = fmaf(beta, c[m * ldc + n], v);
    if (bias != nullptr) v += bias[n];
    c[m * ldc + n] = v;
}

}  // namespace gemm_blas

// The entries gemm_{nn,nt,tn,tt}_<precision>, one per transpose combination (gemm_tn_fp32: A transposed,
// B not), all with the same parameters. Expanded where THREADS and gemm_tile<TRANS_A, TRANS_B> are the
// including kernel's. Grid (ceil(N/64), ceil(M/64), batch).
#define GEMM_ENTRY(name, trans_a, trans_b)                                                                            \
    extern "C" __global__ void __launch_bounds__(THREADS)                                                             \
    name(const float* a, const float* b, const float* bias, float* c, int M, int N, int K, float alpha, float beta,   \
         int lda, int ldb, int ldc, int stride_a, int stride_b, int stride_c) {                                       \
        gemm_tile<trans_a, trans_b>(a, b, bias, c, M, N, K, alpha, beta, lda, ldb, ldc, stride_a, stride_b,           \
                                    stride_c);                                                                        \
    }

#define GEMM_ENTRIES(precision)                    \
    GEMM_ENTRY(gemm_nn_##precision, false, false) \
    GEMM_ENTRY(gemm_nt_##precision, false, true)  \
    GEMM_ENTRY(gemm_tn_##precision, true, false)  \
    GEMM_ENTRY(gemm_tt_##precision, true, true)
