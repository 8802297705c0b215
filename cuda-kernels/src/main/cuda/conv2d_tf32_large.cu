// 2-D convolution passes as implicit GEMMs on the TF32 tensor cores with 128 x 128 tiles, for passes
// whose output fills the GPU with them (dev.jgan.cuda.LaunchGeometry.largeTiles); conv2d_tf32.cu's
// 64 x 64 tiles take the rest. Per staged element of the operands a warp makes twice the products:
// each k8 step loads 4 A and 2 B fragments for 8 products, where the small tile loads 2 and 2 for 4.
//
// Same GEMM views and operand maps as the other convolution kernels (conv_gemm.cuh); the operands
// are rounded to TF32 when staged, products accumulate in float32.
//
// Tiling (mirrored by dev.jgan.cuda.LaunchGeometry):
//   one block computes a TILE x TILE = 128 x 128 tile of C, blockIdx.y over M, blockIdx.x over N,
//   blockIdx.z over the splits (and phases), as in conv2d_fp32.cu;
//   256 threads = 8 warps as a 2 x 4 grid, warp (wm, wn) owning the 64 x 32 sub-tile
//   C[m0 + 64wm ..][n0 + 32wn ..] as 4 x 2 WMMA accumulators of 16 x 16;
//   K is walked in BK = 16 slices staged in shared memory (8 elements of A and 8 of B per thread,
//   read from global memory during the previous slice's products, zero-filled past the matrix
//   edges), each slice being two m16n16k8 steps. Each accumulator goes out through a per-warp
//   16 x 16 buffer in shared memory so that the store stays plain per-element code.
#include <mma.h>

#include "conv_gemm.cuh"

namespace conv2d_tf32_large {

using namespace nvcuda;

constexpr int TILE = 128;  // BM = BN
constexpr int BK = 16;
constexpr int WM = 16, WN = 16, WK = 8;      // one WMMA TF32 operation
constexpr int WARP_M = 64, WARP_N = 32;      // a warp's sub-tile: 4 x 2 accumulators
constexpr int FRAG_M = WARP_M / WM, FRAG_N = WARP_N / WN;
constexpr int WARPS_N = TILE / WARP_N;       // 4
constexpr int THREADS = (TILE / WARP_M) * WARPS_N * 32;  // 256
// WMMA needs 256-bit aligned tile pointers and a leading dimension that is a multiple of 4 floats;
// padding rows by 8 floats keeps every 16-row or 8-column offset 32-byte aligned.
constexpr int PAD = 8;
constexpr int LDA = BK + PAD;    // As is TILE x LDA, row-major in (m, k)
constexpr int LDB = TILE + PAD;  // Bs is BK x LDB, row-major in (k, n)
constexpr int LDC = WN + PAD;    // a warp's output buffer is WM x LDC
constexpr int PER_THREAD = TILE * BK / THREADS;  // elements of each operand a thread stages

static_assert(THREADS == 256, "launch geometry assumes 256 threads per block");
static_assert(PER_THREAD == 8, "each thread stages 8 elements of each operand");

// C tile at (blockIdx.y * TILE, blockIdx.x * TILE) over the split's reduction range, stored by store_split.
template <class Gemm>
__device__ __forceinline__ void gemm_tile_tf32_large(const Gemm& g, SplitRange range, float* workspace) {
    const int k_begin = range.k_begin, k_end = range.k_end;
    __shared__ __align__(32) float As[TILE * LDA];
    __shared__ __align__(32) float Bs[BK * LDB];
    __shared__ __align__(32) float Cs[THREADS / 32][WM * LDC];

    const int M = g.M(), N = g.N();
    const int m0 = blockIdx.y * TILE, n0 = blockIdx.x * TILE;
    const int t = threadIdx.x;
    const int warp = t / 32, lane = t % 32;
    const int wm = warp / WARPS_N, wn = warp % WARPS_N;

    // Staging coordinates: A rows a_m + 16 i (i = 0..7) at column a_k; B rows b_k + 2 i at column b_n.
    const int a_k = t % BK, a_m = t / BK;
    const int b_n = t % TILE, b_k = t / TILE;

    // Register prefetch, as in conv2d_tf32.cu.
    float a_next[PER_THREAD], b_next[PER_THREAD];
    const auto column = g.column(min(n0 + b_n, N - 1));  // this thread's column of B, the same in every slice
    const auto fetch = [&](int k0) {
#pragma unroll
        for (int i = 0; i < PER_THREAD; ++i) {
            const int m = a_m + i * (THREADS / BK), k = k0 + a_k;
            a_next[i] = wmma::__float_to_tf32((m0 + m < M && k < k_end) ? g.a(m0 + m, k) : 0.0f);
        }
#pragma unroll
        for (int i = 0; i < PER_THREAD; ++i) {
            const int kk = b_k + i * (THREADS / TILE), k = k0 + kk;
            b_next[i] = wmma::__float_to_tf32((k < k_end && n0 + b_n < N) ? g.b(k, column) : 0.0f);
        }
    };

    wmma::fragment<wmma::accumulator, WM, WN, WK, float> acc[FRAG_M][FRAG_N];
#pragma unroll
    for (int i = 0; i < FRAG_M; ++i)
#pragma unroll
        for (int j = 0; j < FRAG_N; ++j) wmma::fill_fragment(acc[i][j], 0.0f);

    fetch(k_begin);
    for (int k0 = k_begin; k0 < k_end; k0 += BK) {
#pragma unroll
        for (int i = 0; i < PER_THREAD; ++i) {
            As[(a_m + i * (THREADS / BK)) * LDA + a_k] = a_next[i];
            Bs[(b_k + i * (THREADS / TILE)) * LDB + b_n] = b_next[i];
        }
        __syncthreads();

        if (k0 + BK < k_end) fetch(k0 + BK);
#pragma unroll
        for (int kk = 0; kk < BK; kk += WK) {
            wmma::fragment<wmma::matrix_a, WM, WN, WK, wmma::precision::tf32, wmma::row_major> fa[FRAG_M];
            wmma::fragment<wmma::matrix_b, WM, WN, WK, wmma::precision::tf32, wmma::row_major> fb[FRAG_N];
#pragma unroll
            for (int i = 0; i < FRAG_M; ++i)
                wmma::load_matrix_sync(fa[i], &As[(wm * WARP_M + i * WM) * LDA + kk], LDA);
#pragma unroll
            for (int j = 0; j < FRAG_N; ++j)
                wmma::load_matrix_sync(fb[j], &Bs[kk * LDB + wn * WARP_N + j * WN], LDB);
#pragma unroll
            for (int i = 0; i < FRAG_M; ++i)
#pragma unroll
                for (int j = 0; j < FRAG_N; ++j) wmma::mma_sync(acc[i][j], fa[i], fb[j], acc[i][j]);
        }
        __syncthreads();  // the next slice overwrites As and Bs
    }

    // Each accumulator through the warp's buffer: lane l stores elements l, l + 32, ... (consecutive n).
#pragma unroll
    for (int i = 0; i < FRAG_M; ++i) {
#pragma unroll
        for (int j = 0; j < FRAG_N; ++j) {
            wmma::store_matrix_sync(Cs[warp], acc[i][j], LDC, wmma::mem_row_major);
            __syncthreads();
#pragma unroll
            for (int e = lane; e < WM * WN; e += 32) {
                const int m = m0 + wm * WARP_M + i * WM + e / WN, n = n0 + wn * WARP_N + j * WN + e % WN;
                if (m < M && n < N) store_split(g, workspace, range.split, m, n, Cs[warp][(e / WN) * LDC + e % WN]);
            }
            __syncthreads();  // the next accumulator overwrites the buffer
        }
    }
}

}  // namespace conv2d_tf32_large

// A named namespace, not an anonymous one: nvcc mangles anonymous-namespace names with a hash of
// the source path, which would make the committed PTX depend on where it was built.
using namespace conv2d_tf32_large;

// conv2d_forward_tf32_large, conv2d_backward_data_tf32_large, conv2d_backward_data_phased_tf32_large,
// conv2d_backward_weight_tf32_large (conv_gemm.cuh), finished by conv2d_fp32.cu's *_sum_splits kernels when split.
CONV_ENTRIES(tf32_large)
