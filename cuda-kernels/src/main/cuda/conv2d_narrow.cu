// 2-D convolution passes whose implicit GEMM has few rows (M <= 4): a convolution to 1-4 output
// channels (the forward of an RGB or grey output layer), or the input gradient of a convolution
// from 1-4 input channels (the first layer of a discriminator), which is also the forward of a
// transposed convolution to 1-4 channels. The 64 x 64 tiles of conv2d_fp32.cu would spend 15/16 or
// more of their multiply-adds on rows past M; here each output column is one thread's.
//
// Columns by thread (*_narrow): one thread per column n of C (an output pixel) computes all M rows,
// walking k in increasing order with one fmaf per product, the order of the unsplit tiled kernel,
// so both make the same sums. Each B element (an im2col value) is computed once and used M times; A (M x K,
// a few kilobytes) is read from shared memory, staged CHUNK columns at a time by the whole block.
//
// Columns by block (*_narrow_deep), for few columns and a long reduction (a discriminator's last
// layer: one output per image, K = channels x 7 x 7), where a thread per column would leave the GPU
// almost idle: one block per column, its threads taking every THREADS-th k, their partial sums
// added in a fixed order (block_sum_256), so the result does not depend on timing.
//
// The input gradient by sub-pixel phases (*_phased*, conv_gemm.cuh's PhasedBackwardDataGemm) runs one
// phase per blockIdx.z, with the columns of that phase only.
//
// Float32 in both precision modes: these passes are bound by the im2col gather, not by arithmetic.
#include "block_sum.cuh"
#include "conv_gemm.cuh"

namespace conv2d_narrow {

constexpr int THREADS = 256;
constexpr int ROWS = 4;      // the largest M these kernels take
constexpr int CHUNK = 256;   // columns of A staged at once
static_assert(THREADS == 256, "block_sum_256 sums 256 threads");

// C[m][n] for every m < M of this thread's column n = blockIdx.x * THREADS + threadIdx.x.
template <class Gemm>
__device__ __forceinline__ void gemm_columns(const Gemm& g) {
    __shared__ float As[ROWS][CHUNK];  // As[m][kk] = A[m][k0 + kk]

    const int M = g.M(), N = g.N(), K = g.K();
    const int n = blockIdx.x * THREADS + threadIdx.x;
    const auto column = g.column(min(n, N - 1));
    float acc[ROWS] = {};

    for (int k0 = 0; k0 < K; k0 += CHUNK) {
        const int width = min(CHUNK, K - k0);
        for (int e = threadIdx.x; e < ROWS * CHUNK; e += THREADS) {
            const int m = e / CHUNK, kk = e % CHUNK;
            As[m][kk] = (m < M && kk < width) ? g.a(m, k0 + kk) : 0.0f;
        }
        __syncthreads();

        if (n < N) {
            for (int kk = 0; kk < width; ++kk) {
                const float b = g.b(k0 + kk, column);
#pragma unroll
                for (int m = 0; m < ROWS; ++m) acc[m] = fmaf(As[m][kk], b, acc[m]);
            }
        }
        __syncthreads();  // the next chunk overwrites As
    }

    if (n < N) {
#pragma unroll
        for (int m = 0; m < ROWS; ++m)
            if (m < M) g.store(m, n, acc[m]);
    }
}

// C[m][n] for every m < M of the block's column n = blockIdx.x.
template <class Gemm>
__device__ __forceinline__ void gemm_column_by_block(const Gemm& g) {
    __shared__ float partial[THREADS];

    const int M = g.M(), K = g.K();
    const int n = blockIdx.x;
    float acc[ROWS] = {};
    const auto column = g.column(n);
    for (int k = threadIdx.x; k < K; k += THREADS) {
        const float b = g.b(k, column);
#pragma unroll
        for (int m = 0; m < ROWS; ++m)
            if (m < M) acc[m] = fmaf(g.a(m, k), b, acc[m]);
    }
#pragma unroll
    for (int m = 0; m < ROWS; ++m) {
        if (m >= M) break;  // M is the same for the whole block, so every thread leaves together
        const float sum = block_sum_256(acc[m], partial);
        if (threadIdx.x == 0) g.store(m, n, sum);
    }
}

}  // namespace conv2d_narrow

// A named namespace, not an anonymous one: nvcc mangles anonymous-namespace names with a hash of
// the source path, which would make the committed PTX depend on where it was built.
using namespace conv2d_narrow;

// y = conv(x, w) + bias for out_c <= 4; bias may be null. Grid (ceil(batch*out_h*out_w/256)).
extern "C" __global__ void __launch_bounds__(THREADS)
conv2d_forward_narrow(const float* x, const float* w, const float* bias, float* y, ConvShape s) {
    gemm_columns(ForwardGemm{x, w, bias, y, s});
}

// dx = conv^T(dy, w) + bias for in_c <= 4 (bias non-null only for the transposed convolution's
// forward). Grid (ceil(batch*in_h*in_w/256)).
extern "C" __global__ void __launch_bounds__(THREADS)
conv2d_backward_data_narrow(const float* dy, const float* w, const float* bias, float* dx, ConvShape s) {
    gemm_columns(BackwardDataGemm{dy, w, bias, dx, s});
}

// y = conv(x, w) + bias for out_c <= 4 and few output pixels; bias may be null.
// Grid (batch*out_h*out_w): one block per output pixel.
extern "C" __global__ void __launch_bounds__(THREADS)
conv2d_forward_narrow_deep(const float* x, const float* w, const float* bias, float* y, ConvShape s) {
    gemm_column_by_block(ForwardGemm{x, w, bias, y, s});
}

// dx = conv^T(dy, w) + bias for in_c <= 4 and few input pixels (bias non-null only for the
// transposed convolution's forward). Grid (batch*in_h*in_w): one block per input pixel.
extern "C" __global__ void __launch_bounds__(THREADS)
conv2d_backward_data_narrow_deep(const float* dy, const float* w, const float* bias, float* dx, ConvShape s) {
    gemm_column_by_block(BackwardDataGemm{dy, w, bias, dx, s});
}

// dx = conv^T(dy, w) + bias for in_c <= 4 by sub-pixel phases (bias non-null only for the transposed
// convolution's forward). Grid (ceil(batch*(in_h/s_h)*(in_w/s_w)/256), 1, s_h*s_w): blockIdx.z is the phase.
extern "C" __global__ void __launch_bounds__(THREADS)
conv2d_backward_data_phased_narrow(const float* dy, const float* w, const float* bias, float* dx, ConvShape s) {
    gemm_columns(PhasedBackwardDataGemm(dy, w, bias, dx, s, blockIdx.z));
}

// As conv2d_backward_data_phased_narrow for few input pixels: grid (batch*(in_h/s_h)*(in_w/s_w), 1, s_h*s_w),
// one block per input pixel of phase blockIdx.z.
extern "C" __global__ void __launch_bounds__(THREADS)
conv2d_backward_data_phased_narrow_deep(const float* dy, const float* w, const float* bias, float* dx,
                                        ConvShape s) {
    gemm_column_by_block(PhasedBackwardDataGemm(dy, w, bias, dx, s, blockIdx.z));
}
