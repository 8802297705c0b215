// 2-D convolution passes as tiled implicit GEMMs in float32 with 128 x 128 tiles, for passes whose
// output fills the GPU with them (dev.jgan.cuda.LaunchGeometry.largeTiles); conv2d_fp32.cu's 64 x 64
// tiles take the rest. A staged im2col element serves twice the rows and each thread makes 64
// multiply-adds per slice step instead of 16, so less of a block's time goes to gathering operands.
//
// Tiling (mirrored by dev.jgan.cuda.LaunchGeometry):
//   one block computes a TILE x TILE = 128 x 128 tile of C, blockIdx.y = tile row (over M),
//   blockIdx.x = tile column (over N), blockIdx.z = split of the reduction (split-K), or for the
//   input gradient by sub-pixel phases phase * splits + split;
//   256 threads as a 16 x 16 grid, thread (tx, ty) owning the 8 x 8 register block of rows
//   {4ty .. 4ty+3, 64+4ty .. 64+4ty+3} and columns {4tx .. 4tx+3, 64+4tx .. 64+4tx+3}, two float4
//   reads apart so that a warp's shared-memory reads are broadcasts or consecutive;
//   the reduction walks K in BK = 8 slices staged in shared memory, 4 elements of each operand per
//   thread (read from global memory during the previous slice's arithmetic).
// Every thread adds its products in increasing k with one fmaf each, as the 64 x 64 tiles do, so an
// unsplit pass gives the same values with either tiling.
#include "conv_gemm.cuh"

namespace conv2d_fp32_large {

constexpr int TILE = 128;  // BM = BN
constexpr int BK = 8;
constexpr int HALF = TILE / 2;  // a thread's rows (and columns) come in two groups of 4, HALF apart
constexpr int THREADS = 256;
constexpr int PAD = 4;  // keeps rows 16-byte aligned for float4 reads
constexpr int PER_THREAD = TILE * BK / THREADS;  // elements of each operand a thread stages

static_assert(PER_THREAD == 4, "each thread stages 4 elements of each operand");

// A staged slice: Slice[k][r] = operand element (r0 + r, k0 + k).
using Slice = float[BK][TILE + PAD];

// The 8 rows (or columns) of register-block index i < 8 for thread coordinate c: 4c + i, then HALF + 4c + i - 4.
__device__ __forceinline__ int block_index(int c, int i) { return (i < 4 ? 0 : HALF - 4) + 4 * c + i; }

// C tile at (blockIdx.y * TILE, blockIdx.x * TILE) over the split's reduction range, stored by store_split.
template <class Gemm>
__device__ __forceinline__ void gemm_tile_fp32_large(const Gemm& g, SplitRange range, float* workspace) {
    const int k_begin = range.k_begin, k_end = range.k_end;
    __shared__ __align__(16) Slice As;  // As[k][m] = A[m0 + m][k0 + k]
    __shared__ __align__(16) Slice Bs;  // Bs[k][n] = B[k0 + k][n0 + n]

    const int M = g.M(), N = g.N();
    const int m0 = blockIdx.y * TILE, n0 = blockIdx.x * TILE;
    const int t = threadIdx.x;
    const int tx = t % 16, ty = t / 16;

    // Staging coordinates: consecutive threads take consecutive k of A and consecutive n of B.
    const int a_k = t % BK, a_m = t / BK;      // A rows a_m + 32 i, i = 0..3
    const int b_n = t % TILE, b_k = t / TILE;  // B rows b_k + 2 i,  i = 0..3

    // Register prefetch, as in conv2d_fp32.cu: a slice's operands are read while the one before it is multiplied.
    float a_next[PER_THREAD], b_next[PER_THREAD];
    const auto column = g.column(min(n0 + b_n, N - 1));  // this thread's column of B, the same in every slice
    const auto fetch = [&](int k0) {
#pragma unroll
        for (int i = 0; i < PER_THREAD; ++i) {
            const int m = a_m + i * (THREADS / BK), k = k0 + a_k;
            a_next[i] = (m0 + m < M && k < k_end) ? g.a(m0 + m, k) : 0.0f;
        }
#pragma unroll
        for (int i = 0; i < PER_THREAD; ++i) {
            const int kk = b_k + i * (THREADS / TILE), k = k0 + kk;
            b_next[i] = (k < k_end && n0 + b_n < N) ? g.b(k, column) : 0.0f;
        }
    };

    float acc[8][8] = {};
    fetch(k_begin);
    for (int k0 = k_begin; k0 < k_end; k0 += BK) {
#pragma unroll
        for (int i = 0; i < PER_THREAD; ++i) {
            As[a_k][a_m + i * (THREADS / BK)] = a_next[i];
            Bs[b_k + i * (THREADS / TILE)][b_n] = b_next[i];
        }
        __syncthreads();

        if (k0 + BK < k_end) fetch(k0 + BK);
#pragma unroll
        for (int k = 0; k < BK; ++k) {
            const float4 a_lo = *reinterpret_cast<const float4*>(&As[k][4 * ty]);
            const float4 a_hi = *reinterpret_cast<const float4*>(&As[k][HALF + 4 * ty]);
            const float4 b_lo = *reinterpret_cast<const float4*>(&Bs[k][4 * tx]);
            const float4 b_hi = *reinterpret_cast<const float4*>(&Bs[k][HALF + 4 * tx]);
            const float a[8] = {a_lo.x, a_lo.y, a_lo.z, a_lo.w, a_hi.x, a_hi.y, a_hi.z, a_hi.w};
            const float b[8] = {b_lo.x, b_lo.y, b_lo.z, b_lo.w, b_hi.x, b_hi.y, b_hi.z, b_hi.w};
#pragma unroll
            for (int i = 0; i < 8; ++i)
#pragma unroll
                for (int j = 0; j < 8; ++j) acc[i][j] = fmaf(a[i], b[j], acc[i][j]);
        }
        __syncthreads();  // the next slice overwrites As and Bs
    }

#pragma unroll
    for (int i = 0; i < 8; ++i) {
        const int m = m0 + block_index(ty, i);
        if (m >= M) continue;
#pragma unroll
        for (int j = 0; j < 8; ++j) {
            const int n = n0 + block_index(tx, j);
            if (n < N) store_split(g, workspace, range.split, m, n, acc[i][j]);
        }
    }
}

}  // namespace conv2d_fp32_large

// A named namespace, not an anonymous one: nvcc mangles anonymous-namespace names with a hash of
// the source path, which would make the committed PTX depend on where it was built.
using namespace conv2d_fp32_large;

// conv2d_forward_fp32_large, conv2d_backward_data_fp32_large, conv2d_backward_data_phased_fp32_large,
// conv2d_backward_weight_fp32_large (conv_gemm.cuh), finished by conv2d_fp32.cu's *_sum_splits kernels when split.
CONV_ENTRIES(fp32_large)
