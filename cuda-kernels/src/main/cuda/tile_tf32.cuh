// The TF32 tensor-core block tile shared by the dense GEMM (gemm_tf32.cu) and the convolution
// (conv2d_tf32.cu), so that both multiply in the same order and LaunchGeometry has one set of
// constants to mirror.
//
// One block of 128 threads = 4 warps as a 2 x 2 grid computes a TILE x TILE = 64 x 64 tile of C,
// warp (wm, wn) owning the 32 x 32 sub-tile C[m0 + 32wm ..][n0 + 32wn ..] as 2 x 2 WMMA accumulators
// of 16 x 16. K is walked in BK = 16 slices; the caller stages each slice, rounded to TF32, in shared
// memory as As (TILE x LDA, row-major in (m, k)) and Bs (BK x LDB, row-major in (k, n)), then
// mma_slice adds its products (two m16n16k8 steps). At the end the accumulators go through shared
// memory (Cs, TILE x LDC) so that the caller's epilogue stays plain per-element code.
#pragma once

#include <mma.h>

namespace tile_tf32 {

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

// A warp's 2 x 2 accumulators, acc[i][j] holding C[m0 + 32wm + 16i ..][n0 + 32wn + 16j ..].
using Accumulators = wmma::fragment<wmma::accumulator, WM, WN, WK, float>[2][2];

__device__ __forceinline__ void zero(Accumulators& acc) {
#pragma unroll
    for (int i = 0; i < 2; ++i)
#pragma unroll
        for (int j = 0; j < 2; ++j) wmma::fill_fragment(acc[i][j], 0.0f);
}

// acc += the warp's rows of As times its columns of Bs, over the slice's BK = 2 x WK columns in order.
__device__ __forceinline__ void mma_slice(const float* As, const float* Bs, int wm, int wn, Accumulators& acc) {
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
}

// Writes every warp's accumulators to Cs, waits for the block, then calls store(m, n, C[m][n]) for
// each element of the tile inside M x N, consecutive threads taking consecutive n of a row.
template <class Store>
__device__ __forceinline__ void store_tile(float* Cs, const Accumulators& acc, int wm, int wn, int m0, int n0, int M,
                                           int N, int t, Store store) {
#pragma unroll
    for (int i = 0; i < 2; ++i)
#pragma unroll
        for (int j = 0; j < 2; ++j)
            wmma::store_matrix_sync(&Cs[(wm * WARP_TILE + i * WM) * LDC + wn * WARP_TILE + j * WN], acc[i][j], LDC,
                                    wmma::mem_row_major);
    __syncthreads();

    for (int e = t; e < TILE * TILE; e += THREADS) {
        const int m = m0 + e / TILE, n = n0 + e % TILE;
        if (m >= M || n >= N) continue;
        store(m, n, Cs[(e / TILE) * LDC + e % TILE]);
    }
}

}  // namespace tile_tf32
