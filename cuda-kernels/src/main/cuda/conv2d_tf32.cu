// 2-D convolution passes as implicit GEMMs on the TF32 tensor cores (sm_80 and newer): forward,
// backward-data (also the transposed convolution's forward) and backward-weights, each split along K
// when its output tiles are few.
//
// Same GEMM views and operand maps as the float32 kernels (conv_gemm.cuh); the inputs are rounded
// to TF32 (10-bit mantissa) when staged, products accumulate in float32.
//
// Tiling (tile_tf32.cuh, mirrored by dev.jgan.cuda.LaunchGeometry):
//   one block computes a TILE x TILE = 64 x 64 tile of C, blockIdx.y over M, blockIdx.x over N,
//   blockIdx.z over the splits of the reduction (split-K) and the phases, as in conv2d_fp32.cu;
//   128 threads = 4 warps as a 2 x 2 grid, warp (wm, wn) owning the 32 x 32 sub-tile
//   C[m0 + 32wm ..][n0 + 32wn ..] as 2 x 2 WMMA accumulators of 16 x 16;
//   K is walked in BK = 16 slices staged in shared memory (8 elements of A and 8 of B per
//   thread, read from global memory during the previous slice's products, zero-filled past the
//   matrix edges, so every shape is allowed), each slice being two m16n16k8 steps. The
//   accumulators go through shared memory so that the bias add and the bounds-checked NCHW
//   scatter stay plain per-element code.
#include "conv_gemm.cuh"
#include "tile_tf32.cuh"

namespace conv2d_tf32 {

using namespace tile_tf32;

// C tile at (blockIdx.y * TILE, blockIdx.x * TILE) over the split's reduction range, stored by store_split.
template <class Gemm>
__device__ __forceinline__ void gemm_tile_tf32(const Gemm& g, SplitRange range, float* workspace) {
    const int k_begin = range.k_begin, k_end = range.k_end;
    __shared__ __align__(32) float As[TILE * LDA];
    __shared__ __align__(32) float Bs[BK * LDB];
    __shared__ __align__(32) float Cs[TILE * LDC];

    const int M = g.M(), N = g.N();
    const int m0 = blockIdx.y * TILE, n0 = blockIdx.x * TILE;
    const int t = threadIdx.x;
    const int warp = t / 32;
    const int wm = warp / (TILE / WARP_TILE), wn = warp % (TILE / WARP_TILE);

    // Staging coordinates: A rows a_m + 8 i (i = 0..7) at column a_k; B rows b_k + 2 i at column b_n.
    const int a_k = t % BK, a_m = t / BK;
    const int b_n = t % TILE, b_k = t / TILE;

    // Register prefetch: each slice's operands are read from global memory (and rounded to TF32) into
    // a_next and b_next while the slice before it is multiplied, so the loads' latency overlaps the
    // tensor-core work; they go to shared memory once every warp is done with that slice.
    constexpr int PER_THREAD = TILE * BK / THREADS;
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

    Accumulators acc;
    zero(acc);
    fetch(k_begin);
    for (int k0 = k_begin; k0 < k_end; k0 += BK) {
#pragma unroll
        for (int i = 0; i < PER_THREAD; ++i) {
            As[(a_m + i * (THREADS / BK)) * LDA + a_k] = a_next[i];
            Bs[(b_k + i * (THREADS / TILE)) * LDB + b_n] = b_next[i];
        }
        __syncthreads();

        if (k0 + BK < k_end) fetch(k0 + BK);
        mma_slice(As, Bs, wm, wn, acc);
        __syncthreads();  // the next slice overwrites As and Bs
    }

    // Scatter: consecutive threads write consecutive n (contiguous output pixels).
    store_tile(Cs, acc, wm, wn, m0, n0, M, N, t, [=](int m, int n, float v) { store_split(g, workspace, range.split, m, n, v); });
}

}  // namespace conv2d_tf32

// A named namespace, not an anonymous one: nvcc mangles anonymous-namespace names with a hash of
// the source path, which would make the committed PTX depend on where it was built.
using namespace conv2d_tf32;

// conv2d_forward_tf32, conv2d_backward_data_tf32, conv2d_backward_data_phased_tf32,
// conv2d_backward_weight_tf32 (conv_gemm.cuh), finished by the float32 module's *_sum_splits kernels when split.
CONV_ENTRIES(tf32)
