// Dense float32 matrix products, batched, BLAS style, as dev.jgan.tensor.kernels.Gemm computes them:
//   C_z = alpha op(A_z) op(B_z) + beta C_z (+ bias[n] on every row, when bias is not null)
// for z = blockIdx.z, op(A) M x K and op(B) K x N. Operands are row-major in their stored layout:
// X_z starts at x + z * stride_x and its element (r, c) is X_z[r * ldx + c]; op(X) is X, or X
// transposed for the _t operand of the entry's name (gemm_tn_fp32: A transposed, B not). A stride
// of 0 shares an operand between batch items. With beta = 0, C is not read (NaN in C is ignored).
//
// Tiling (tile_fp32.cuh, mirrored by dev.jgan.cuda.LaunchGeometry, the same as conv2d_fp32.cu):
//   one block computes a TILE x TILE = 64 x 64 tile of C_z, blockIdx.y = tile row (over M),
//   blockIdx.x = tile column (over N); 256 threads as a 16 x 16 grid, thread (tx, ty) owning the
//   4 x 4 register block C[m0 + 4ty .. 4ty+3][n0 + 4tx .. 4tx+3];
//   K is walked in BK = 16 slices; each slice of op(A) (64 x 16) and op(B) (16 x 64) is staged in
//   shared memory, 4 elements per thread each, zero past the matrix edges (every shape is allowed),
//   with consecutive threads reading consecutive addresses of the stored layout (coalesced for
//   either transpose); then every thread does 16 x (4 x 4) fused multiply-adds from shared memory.
//   Accumulation is float32 in a fixed order, so results are deterministic.
#include "gemm_blas.cuh"
#include "tile_fp32.cuh"

namespace gemm_fp32 {

using namespace tile_fp32;

// Stages tile[k][r] = X(r0 + r, k0 + k) for r < 64, k < BK, zero where r0 + r >= rows or k0 + k >= K.
// X(r, k) is x[r * ld + k] when K_CONTIGUOUS, else x[k * ld + r]: A is (m, k) and k-contiguous unless
// transposed; B is read as (n, k) and k-contiguous only when transposed.
template <bool K_CONTIGUOUS>
__device__ __forceinline__ void stage(Slice& tile, const float* __restrict__ x, int ld, int rows, int K,
                                      int r0, int k0, int t) {
#pragma unroll
    for (int i = 0; i < 4; ++i) {
        const int kk = K_CONTIGUOUS ? t % BK : t / TILE + i * (THREADS / TILE);
        const int rr = K_CONTIGUOUS ? t / BK + i * (THREADS / BK) : t % TILE;
        const int r = r0 + rr, k = k0 + kk;
        tile[kk][rr] = (r < rows && k < K) ? x[K_CONTIGUOUS ? r * ld + k : k * ld + r] : 0.0f;
    }
}

template <bool TRANS_A, bool TRANS_B>
__device__ __forceinline__ void gemm_tile(const float* __restrict__ a, const float* __restrict__ b,
                                          const float* __restrict__ bias, float* __restrict__ c, int M, int N, int K,
                                          float alpha, float beta, int lda, int ldb, int ldc, int stride_a,
                                          int stride_b, int stride_c) {
    __shared__ __align__(16) Slice As;  // As[k][m] = op(A)[m0 + m][k0 + k]
    __shared__ __align__(16) Slice Bs;  // Bs[k][n] = op(B)[k0 + k][n0 + n]

    const size_t z = blockIdx.z;
    a += z * stride_a;
    b += z * stride_b;
    c += z * stride_c;
    const int m0 = blockIdx.y * TILE, n0 = blockIdx.x * TILE;
    const int t = threadIdx.x;
    const int tx = t % (TILE / TN), ty = t / (TILE / TN);

    float acc[TM][TN] = {};

    for (int k0 = 0; k0 < K; k0 += BK) {
        stage<!TRANS_A>(As, a, lda, M, K, m0, k0, t);
        stage<TRANS_B>(Bs, b, ldb, N, K, n0, k0, t);
        __syncthreads();

        fma_slice(As, Bs, tx, ty, acc);
        __syncthreads();  // the next slice overwrites As and Bs
    }

    store_block(acc, m0, n0, tx, ty, M, N,
                [&](int m, int n, float v) { gemm_blas::store_scaled(c, ldc, bias, m, n, v, alpha, beta); });
}

}  // namespace gemm_fp32

// A named namespace, not an anonymous one: nvcc mangles anonymous-namespace names with a hash of
// the source path, which would make the committed PTX depend on where it was built.
using namespace gemm_fp32;

// gemm_nn_fp32, gemm_nt_fp32, gemm_tn_fp32, gemm_tt_fp32 (gemm_blas.cuh).
GEMM_ENTRIES(fp32)
