// 2-D convolution passes as tiled implicit GEMMs in float32 (NCHW, groups = 1).
//
// Tiling (tile_fp32.cuh, mirrored by dev.jgan.cuda.LaunchGeometry):
//   one block computes a TILE x TILE = 64 x 64 tile of C = A B, blockIdx.y = tile row (over M),
//   blockIdx.x = tile column (over N), blockIdx.z = split of the reduction (split-K), or for the
//   input gradient by sub-pixel phases phase * splits + split;
//   256 threads as a 16 x 16 grid, thread (tx, ty) owning the 4 x 4 register block
//   C[m0 + 4ty .. 4ty+3][n0 + 4tx .. 4tx+3];
//   the reduction walks K in BK = 16 slices; each slice of A (64 x 16) and B (16 x 64) is
//   staged in shared memory, 4 elements per thread each (read from global memory during the
//   previous slice's arithmetic), then every thread does 16 x (4 x 4) fused multiply-adds from it.
//   Accumulation is float32 throughout.
#include "conv_gemm.cuh"
#include "tile_fp32.cuh"

namespace conv2d_fp32 {

using namespace tile_fp32;

// C tile at (blockIdx.y * TILE, blockIdx.x * TILE) over the split's reduction range, stored by store_split.
template <class Gemm>
__device__ __forceinline__ void gemm_tile_fp32(const Gemm& g, SplitRange range, float* workspace) {
    const int k_begin = range.k_begin, k_end = range.k_end;
    __shared__ __align__(16) Slice As;  // As[k][m] = A[m0 + m][k0 + k]
    __shared__ __align__(16) Slice Bs;  // Bs[k][n] = B[k0 + k][n0 + n]

    const int M = g.M(), N = g.N();
    const int m0 = blockIdx.y * TILE, n0 = blockIdx.x * TILE;
    const int t = threadIdx.x;
    const int tx = t % (TILE / TN), ty = t / (TILE / TN);

    // Staging coordinates: consecutive threads take consecutive k of A (rows of w are
    // contiguous in k) and consecutive n of B (output pixels are contiguous in n).
    const int a_k = t % BK, a_m = t / BK;      // A rows a_m + 16 i, i = 0..3
    const int b_n = t % TILE, b_k = t / TILE;  // B rows b_k + 4 i,  i = 0..3

    // Register prefetch: each slice's operands are read from global memory into a_next and b_next
    // while the slice before it is multiplied, so the loads' latency overlaps the arithmetic; they
    // go to shared memory once every thread is done with that slice.
    float a_next[4], b_next[4];
    const auto column = g.column(min(n0 + b_n, N - 1));  // this thread's column of B, the same in every slice
    const auto fetch = [&](int k0) {
#pragma unroll
        for (int i = 0; i < 4; ++i) {
            const int m = a_m + i * (THREADS / BK), k = k0 + a_k;
            a_next[i] = (m0 + m < M && k < k_end) ? g.a(m0 + m, k) : 0.0f;
        }
#pragma unroll
        for (int i = 0; i < 4; ++i) {
            const int kk = b_k + i * (THREADS / TILE), k = k0 + kk;
            b_next[i] = (k < k_end && n0 + b_n < N) ? g.b(k, column) : 0.0f;
        }
    };

    float acc[TM][TN] = {};
    fetch(k_begin);
    for (int k0 = k_begin; k0 < k_end; k0 += BK) {
#pragma unroll
        for (int i = 0; i < 4; ++i) {
            As[a_k][a_m + i * (THREADS / BK)] = a_next[i];
            Bs[b_k + i * (THREADS / TILE)][b_n] = b_next[i];
        }
        __syncthreads();

        if (k0 + BK < k_end) fetch(k0 + BK);
        fma_slice(As, Bs, tx, ty, acc);
        __syncthreads();  // the next slice overwrites As and Bs
    }

    store_block(acc, m0, n0, tx, ty, M, N, [=](int m, int n, float v) { store_split(g, workspace, range.split, m, n, v); });
}

}  // namespace conv2d_fp32

// A named namespace, not an anonymous one: nvcc mangles anonymous-namespace names with a hash of
// the source path, which would make the committed PTX depend on where it was built.
using namespace conv2d_fp32;

// conv2d_forward_fp32, conv2d_backward_data_fp32, conv2d_backward_data_phased_fp32,
// conv2d_backward_weight_fp32 (conv_gemm.cuh).
CONV_ENTRIES(fp32)

// The split sums of a pass, in either precision, added up and stored: y (+ bias), dx (+ bias) or dw.
// Grid-stride over the M*N outputs.
extern "C" __global__ void __launch_bounds__(256)
conv2d_forward_sum_splits(const float* workspace, const float* bias, float* y, ConvShape s, int splits) {
    sum_splits(ForwardGemm{nullptr, nullptr, bias, y, s}, workspace, splits);
}

extern "C" __global__ void __launch_bounds__(256)
conv2d_backward_data_sum_splits(const float* workspace, const float* bias, float* dx, ConvShape s, int splits) {
    sum_splits(BackwardDataGemm{nullptr, nullptr, bias, dx, s}, workspace, splits);
}

extern "C" __global__ void __launch_bounds__(256)
conv2d_backward_weight_sum_splits(const float* workspace, float* dw, ConvShape s, int splits) {
    sum_splits(BackwardWeightGemm{nullptr, nullptr, dw, s}, workspace, splits);
}
