// Dense batched GEMM on the TF32 tensor cores (sm_80 and newer), float32 accumulation: the same
// entries, parameters and semantics as gemm.cu (C_z = alpha op(A_z) op(B_z) + beta C_z + bias[n]),
// with op(A) and op(B) rounded to TF32 (10-bit mantissa) when staged.
//
// Tiling (tile_tf32.cuh, mirrored by dev.jgan.cuda.LaunchGeometry), as conv2d_tf32.cu:
//   one block computes a TILE x TILE = 64 x 64 tile of C_z, blockIdx.y over M, blockIdx.x over N,
//   blockIdx.z over the batch; 128 threads = 4 warps as a 2 x 2 grid, warp (wm, wn) owning the
//   32 x 32 sub-tile C[m0 + 32wm ..][n0 + 32wn ..] as 2 x 2 WMMA accumulators of 16 x 16;
//   K is walked in BK = 16 slices staged in shared memory (8 elements of op(A) and 8 of op(B) per
//   thread, zero-filled past the matrix edges, consecutive threads reading consecutive addresses of
//   the stored layout), each slice being two m16n16k8 steps. The accumulators go through shared
//   memory so that alpha, beta, the bias and the bounds-checked store stay plain per-element code.
#include "gemm_blas.cuh"
#include "tile_tf32.cuh"

namespace gemm_tf32 {

using namespace tile_tf32;

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

    Accumulators acc;
    zero(acc);

    for (int k0 = 0; k0 < K; k0 += BK) {
        stage<!TRANS_A>(As, LDA, 1, a, lda, M, K, m0, k0, t);
        stage<TRANS_B>(Bs, 1, LDB, b, ldb, N, K, n0, k0, t);
        __syncthreads();

        mma_slice(As, Bs, wm, wn, acc);
        __syncthreads();  // the next slice overwrites As and Bs
    }

    // Consecutive threads write consecutive n of a row of C.
    store_tile(Cs, acc, wm, wn, m0, n0, M, N, t,
               [&](int m, int n, float v) { gemm_blas::store_scaled(c, ldc, bias, m, n, v, alpha, beta); });
}

}  // namespace gemm_tf32

// A named namespace, not an anonymous one: nvcc mangles anonymous-namespace names with a hash of
// the source path, which would make the committed PTX depend on where it was built.
using namespace gemm_tf32;

// gemm_nn_tf32, gemm_nt_tf32, gemm_tn_tf32, gemm_tt_tf32 (gemm_blas.cuh).
GEMM_ENTRIES(tf32)
