// The float32 block tile shared by the dense GEMM (gemm.cu) and the convolutions (conv2d_fp32.cu),
// so that both multiply in the same order and LaunchGeometry has one set of constants to mirror.
//
// One block of 256 threads computes a TILE x TILE = 64 x 64 tile of C as a 16 x 16 grid of threads,
// thread (tx, ty) owning the 4 x 4 register block C[m0 + 4ty .. 4ty+3][n0 + 4tx .. 4tx+3]. K is
// walked in BK = 16 slices; the caller stages each slice in shared memory as As[k][m] and Bs[k][n]
// (its own thread mapping and bounds), then fma_slice adds its products to the register block.
#pragma once

namespace tile_fp32 {

constexpr int TILE = 64;  // BM = BN
constexpr int BK = 16;
constexpr int TM = 4;
constexpr int TN = 4;
constexpr int THREADS = (TILE / TM) * (TILE / TN);  // 256
constexpr int PAD = 4;  // keeps rows 16-byte aligned for float4 reads, spreads store banks

static_assert(THREADS == 256, "launch geometry assumes 256 threads per block");
static_assert(TILE * BK == 4 * THREADS, "each thread stages 4 elements of each operand");

// A staged slice: Slice[k][r] = operand element (r0 + r, k0 + k).
using Slice = float[BK][TILE + PAD];

// acc[i][j] += As[k][4ty + i] * Bs[k][4tx + j] for k = 0 .. BK-1 in increasing k, one fmaf each.
__device__ __forceinline__ void fma_slice(const Slice& As, const Slice& Bs, int tx, int ty, float (&acc)[TM][TN]) {
#pragma unroll
    for (int k = 0; k < BK; ++k) {
        const float4 av = *reinterpret_cast<const float4*>(&As[k][ty * TM]);
        const float4 bv = *reinterpret_cast<const float4*>(&Bs[k][tx * TN]);
        const float a[TM] = {av.x, av.y, av.z, av.w};
        const float b[TN] = {bv.x, bv.y, bv.z, bv.w};
#pragma unroll
        for (int i = 0; i < TM; ++i)
#pragma unroll
            for (int j = 0; j < TN; ++j) acc[i][j] = fmaf(a[i], b[j], acc[i][j]);
    }
}

// store(m, n, acc[i][j]) for every element (m, n) of thread (tx, ty)'s register block with m < M and n < N.
template <class Store>
__device__ __forceinline__ void store_block(const float (&acc)[TM][TN], int m0, int n0, int tx, int ty, int M, int N,
                                            Store store) {
#pragma unroll
    for (int i = 0; i < TM; ++i) {
        const int m = m0 + ty * TM + i;
        if (m >= M) continue;
#pragma unroll
        for (int j = 0; j < TN; ++j) {
            const int n = n0 + tx * TN + j;
            if (n < N) store(m, n, acc[i][j]);
        }
    }
}

}  // namespace tile_fp32
