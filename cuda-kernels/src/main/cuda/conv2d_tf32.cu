// 2-D convolution forward as an implicit GEMM on the TF32 tensor cores (sm_80 and newer).
//
// Same GEMM view and operand maps as the float32 kernel (ForwardGemm in conv_gemm.cuh); the
// inputs are rounded to TF32 (10-bit mantissa) when staged, products accumulate in float32.
//
// Tiling (mirrored by dev.jgan.cuda.LaunchGeometry):
//   one block computes a BM x BN = 64 x 64 tile of C, blockIdx.y over M, blockIdx.x over N;
//   128 threads = 4 warps as a 2 x 2 grid, warp (wm, wn) owning the 32 x 32 sub-tile
//   C[m0 + 32wm ..][n0 + 32wn ..] as 2 x 2 WMMA accumulators of 16 x 16;
//   K is walked in BK = 16 slices staged in shared memory (8 elements of A and 8 of B per
//   thread, zero-filled past the matrix edges, so every shape is allowed), each slice being two
//   m16n16k8 steps. The accumulators go through shared memory so that the bias add and the
//   bounds-checked NCHW scatter stay plain per-element code.
#include <mma.h>

#include "conv_gemm.cuh"

namespace conv2d_tf32 {

using namespace nvcuda;

constexpr int BM = 64;
constexpr int BN = 64;
constexpr int BK = 16;
constexpr int WM = 16, WN = 16, WK = 8;  // one WMMA TF32 operation
constexpr int WARP_TILE = 32;            // each warp: 2 x 2 WMMA tiles
constexpr int THREADS = (BM / WARP_TILE) * (BN / WARP_TILE) * 32;  // 128
// WMMA needs 256-bit aligned tile pointers and a leading dimension that is a multiple of
// 4 floats; padding rows by 8 floats keeps every 16-row or 8-column offset 32-byte aligned.
constexpr int PAD = 8;
constexpr int LDA = BK + PAD;  // As is BM x LDA, row-major in (m, k)
constexpr int LDB = BN + PAD;  // Bs is BK x LDB, row-major in (k, n)
constexpr int LDC = BN + PAD;  // Cs is BM x LDC, row-major in (m, n)

static_assert(THREADS == 128, "launch geometry assumes 128 threads per block");
static_assert(BM * BK % THREADS == 0 && BK * BN % THREADS == 0, "staging covers the tiles evenly");

}  // namespace conv2d_tf32

// A named namespace, not an anonymous one: nvcc mangles anonymous-namespace names with a hash of
// the source path, which would make the committed PTX depend on where it was built.
using namespace conv2d_tf32;

// y = conv(x, w) + bias with TF32 inputs; bias may be null. Grid (ceil(N/64), ceil(out_c/64)).
extern "C" __global__ void __launch_bounds__(THREADS)
conv2d_forward_tf32(const float* x, const float* w, const float* bias, float* y, ConvShape s) {
    __shared__ __align__(32) float As[BM * LDA];
    __shared__ __align__(32) float Bs[BK * LDB];
    __shared__ __align__(32) float Cs[BM * LDC];

    const ForwardGemm g{x, w, bias, y, s};
    const int M = g.M(), N = g.N(), K = g.K();
    const int m0 = blockIdx.y * BM, n0 = blockIdx.x * BN;
    const int t = threadIdx.x;
    const int warp = t / 32;
    const int wm = warp / (BN / WARP_TILE), wn = warp % (BN / WARP_TILE);

    // Staging coordinates: A rows a_m + 8 i (i = 0..7) at column a_k; B rows b_k + 2 i at column b_n.
    const int a_k = t % BK, a_m = t / BK;
    const int b_n = t % BN, b_k = t / BN;

    wmma::fragment<wmma::accumulator, WM, WN, WK, float> acc[2][2];
#pragma unroll
    for (int i = 0; i < 2; ++i)
#pragma unroll
        for (int j = 0; j < 2; ++j) wmma::fill_fragment(acc[i][j], 0.0f);

    for (int k0 = 0; k0 < K; k0 += BK) {
#pragma unroll
        for (int i = 0; i < BM * BK / THREADS; ++i) {
            const int m = a_m + i * (THREADS / BK), k = k0 + a_k;
            const float v = (m0 + m < M && k < K) ? g.a(m0 + m, k) : 0.0f;
            As[m * LDA + a_k] = wmma::__float_to_tf32(v);
        }
#pragma unroll
        for (int i = 0; i < BK * BN / THREADS; ++i) {
            const int kk = b_k + i * (THREADS / BN), k = k0 + kk;
            const float v = (k < K && n0 + b_n < N) ? g.b(k, n0 + b_n) : 0.0f;
            Bs[kk * LDB + b_n] = wmma::__float_to_tf32(v);
        }
        __syncthreads();

#pragma unroll
        for (int kk = 0; kk < BK; kk += WK) {
            wmma::fragment<wmma::matrix_a, WM, WN, WK, wmma::precision::tf32, wmma::row_major> a[2];
            wmma::fragment<wmma::matrix_b, WM, WN, WK, wmma::precision::tf32, wmma::row_major> b[2];
#pragma unroll
            for (int i = 0; i < 2; ++i)
                wmma::load_matrix_sync(a[i], &As[(wm * WARP_TILE + i * WM) * LDA + kk], LDA);
#pragma unroll
            for (int j = 0; j < 2; ++j)
                wmma::load_matrix_sync(b[j], &Bs[kk * LDB + wn * WARP_TILE + j * WN], LDB);
#pragma unroll
            for (int i = 0; i < 2; ++i)
#pragma unroll
                for (int j = 0; j < 2; ++j) wmma::mma_sync(acc[i][j], a[i], b[j], acc[i][j]);
        }
        __syncthreads();  // the next slice overwrites As and Bs
    }

#pragma unroll
    for (int i = 0; i < 2; ++i)
#pragma unroll
        for (int j = 0; j < 2; ++j)
            wmma::store_matrix_sync(&Cs[(wm * WARP_TILE + i * WM) * LDC + wn * WARP_TILE + j * WN],
                                    acc[i][j], LDC, wmma::mem_row_major);
    __syncthreads();

    // Scatter: consecutive threads write consecutive n (contiguous output pixels).
    for (int e = t; e < BM * BN; e += THREADS) {
        const int m = e / BN, n = e % BN;
        if (m0 + m < M && n0 + n < N) g.store(m0 + m, n0 + n, Cs[m * LDC + n]);
    }
}
