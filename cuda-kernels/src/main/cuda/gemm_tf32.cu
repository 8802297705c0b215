// Dense batched GEMM on the TF32 tensor cores (sm_80 and newer), float32 accumulation: the same
// entries, parameters and semantics as gemm.cu (C_z = alpha op(A_z) op(B_z) + beta C_z + bias[n]),
// with op(A) and op(B) rounded to TF32 (10-bit mantissa) when staged.
//
// Tiling (mirrored by dev.jgan.cuda.LaunchGeometry), as conv2d_tf32.cu:
//   one block computes a BM x BN = 64 x 64 tile of C_z, blockIdx.y over M, blockIdx.x over N,
//   blockIdx.z over the batch; 128 threads = 4 warps as a 2 x 2 grid, warp (wm, wn) owning the
//   32 x 32 sub-tile C[m0 + 32wm ..][n0 + 32wn ..] as 2 x 2 WMMA accumulators of 16 x 16;
//   K is walked in BK = 16 slices staged in shared memory (8 elements of op(A) and 8 of op(B) per
//   thread, zero-filled past the matrix edges, consecutive threads reading consecutive addresses of
//   the stored layout), each slice being two m16n16k8 steps. The accumulators go through shared
//   memory so that alpha, beta, the bias and the bounds-checked store stay plain per-element code.
#include <mma.h>

namespace gemm_tf32 {

using namespace nvcuda;

constexpr int TILE = 64;  // BM = BN
constexpr int BK = 16;
constexpr int WM = 16, WN = 16, WK = 8;  // one WMMA TF32 operation
constexpr int WARP_TILE = 32;            // each warp: 2 x 2 WMMA tiles
constexpr int THREADS = (TILE / WARP_TILE) * (TILE / WARP_TILE) * 32;  // 128
// WMMA needs 256-bit aligned tile pointers and a leading dimension that is a multiple of
// 4 floats; padding rows by 8 floats keeps every 16-row or 8-column offset 32-byte aligned.
constexpr int PAD = 8;
constexpr int LDA = BK + PAD;    // As is TILE x LDA, row-major in (m, k)
constexpr int LDB = TILE + PAD;  // Bs is BK x LDB, row-major in (k, n)
constexpr int LDC = TILE + PAD;  // Cs is TILE x LDC, row-major in (m, n)

static_assert(THREADS == 128, "launch geometry assumes 128 threads per block");
static_assert(TILE * BK % THREADS == 0, "staging covers the tiles evenly");

// Stages X(r0 + r, k0 + k) for r < 64, k < BK, rounded to TF32, into tile[r * r_stride + k * k_stride],
// zero where r0 + r >= rows or k0 + k >= K. X(r, k) is x[r * ld + k] when K_CONTIGUOUS, else x[k * ld + r].
template <bool K_CONTIGUOUS>
__device__ __forceinline__ void stage(float* tile, int r_stride, int k_stride, const float* __restrict__ x, int ld,
                                      int rows, int K, int r0, int k0, int t) {
#pragma unroll
    for (int i = 0; i < TILE * BK / THREADS; ++i) {
        const int e = t + i * THREADS;
        const int kk = K_CONTIGUOUS ? e % BK : e / TILE;
        const int rr = K_CONTIGUOUS ? e / BK : e % TILE;
        const int r = r0 + rr, k = k0 + kk;
        const float v = (r < rows && k < K) ? x[K_CONTIGUOUS ? r * ld + k : k * ld + r] : 0.0f;
        tile[rr * r_stride + kk * k_stride] = wmma::__float_to_tf32(v);
    }
}

template <bool TRANS_A, bool TRANS_B>
__device__ __forceinline__ void gemm_tile(const float* __restrict__ a, const float* __restrict__ b,
                                          const float* __restrict__ bias, float* __restrict__ c, int M, int N, int K,
                                          float alpha, float beta, int lda, int ldb, int ldc, int stride_a,
                                          int stride_b, int stride_c) {
    __shared__ __align__(32) float As[TILE * LDA];
    __shared__ __align__(32) float Bs[BK * LDB];
    __shared__ __align__(32) float Cs[TILE * LDC];

    const size_t z = blockIdx.z;
    a += z * stride_a;
    b += z * stride_b;
    c += z * stride_c;
    const int m0 = blockIdx.y * TILE, n0 = blockIdx.x * TILE;
    const int t = threadIdx.x;
    const int warp = t / 32;
    const int wm = warp / (TILE / WARP_TILE), wn = warp % (TILE / WARP_TILE);

    wmma::fragment<wmma::accumulator, WM, WN, WK, float> acc[2][2];
#pragma unroll
    for (int i = 0; i < 2; ++i)
#pragma unroll
        for (int j = 0; j < 2; ++j) wmma::fill_fragment(acc[i][j], 0.0f);

    for (int k0 = 0; k0 < K; k0 += BK) {
        stage<!TRANS_A>(As, LDA, 1, a, lda, M, K, m0, k0, t);
        stage<TRANS_B>(Bs, 1, LDB, b, ldb, N, K, n0, k0, t);
        __syncthreads();

#pragma unroll
        for (int kk = 0; kk < BK; kk += WK) {
            wmma::fragment<wmma::matrix_a, WM, WN, WK, wmma::precision::tf32, wmma::row_major> fa[2];
            wmma::fragment<wmma::matrix_b, WM, WN, WK, wmma::precision::tf32, wmma::row_major> fb[2];
#pragma unroll
            for (int i = 0; i < 2; ++i)
                wmma::load_matrix_sync(fa[i], &As[(wm * WARP_TILE + i * WM) * LDA + kk], LDA);
#pragma unroll
            for (int j = 0; j < 2; ++j)
                wmma::load_matrix_sync(fb[j], &Bs[kk * LDB + wn * WARP_TILE + j * WN], LDB);
#pragma unroll
            for (int i = 0; i < 2; ++i)
#pragma unroll
                for (int j = 0; j < 2; ++j) wmma::mma_sync(acc[i][j], fa[i], fb[j], acc[i][j]);
        }
        __syncthreads();  // the next slice overwrites As and Bs
    }

#pragma unroll
    for (int i = 0; i < 2; ++i)
#pragma unroll
        for (int j = 0; j < 2; ++j)
            wmma::store_matrix_sync(&Cs[(wm * WARP_TILE + i * WM) * LDC + wn * WARP_TILE + j * WN], acc[i][j], LDC,
                                    wmma::mem_row_major);
    __syncthreads();

    // Consecutive threads write consecutive n of a row of C.
    for (int e = t; e < TILE * TILE; e += THREADS) {
        const int m = m0 + e / TILE, n = n0 + e % TILE;
        if (m >= M || n >= N) continue;
        float v = alpha * Cs[(e / TILE) * LDC + e % TILE];
        if (beta != 0.0f) v = fmaf(beta, c[m * ldc + n], v);
        if (bias != nullptr) v += bias[n];
        c[m * ldc + n] = v;
    }
}

}  // namespace gemm_tf32

// A named namespace, not an anonymous one: nvcc mangles anonymous-namespace names with a hash of
// the source path, which would make the committed PTX depend on where it was built.
using namespace gemm_tf32;

// One entry per transpose combination, with gemm.cu's parameters. Grid (ceil(N/64), ceil(M/64), batch).
#define GEMM_ENTRY(name, trans_a, trans_b)                                                                            \
    extern "C" __global__ void __launch_bounds__(THREADS)                                                             \
    name(const float* a, const float* b, const float* bias, float* c, int M, int N, int K, float alpha, float beta,   \
         int lda, int ldb, int ldc, int stride_a, int stride_b, int stride_c) {                                       \
        gemm_tile<trans_a, trans_b>(a, b, bias, c, M, N, K, alpha, beta, lda, ldb, ldc, stride_a, stride_b,           \
                                    stride_c);                                                                        \
    }

GEMM_ENTRY(gemm_nn_tf32, false, false)
GEMM_ENTRY(gemm_nt_tf32, false, true)
GEMM_ENTRY(gemm_tn_tf32, true, false)
GEMM_ENTRY(gemm_tt_tf32, true, true)
