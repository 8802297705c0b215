// Softmax along the last axis of x [rows, n], as dev.jgan.tensor.kernels.Softmax computes it:
// y = exp(x - max) / sum(exp(x - max)), so large inputs cannot overflow.
//
// One 256-thread block per row (grid = rows): thread t takes the values t, t + 256, ... of its row; the
// row's max and sum are combined over the block by shared-memory trees in a fixed order, so every
// result is deterministic. y may be x (each thread rewrites only the values it read).

#include "block_sum.cuh"

// The max of every thread's value in a 256-thread block, returned to all of them (NaN is skipped, as by fmaxf).
__device__ __forceinline__ float block_max_256(float value, float* partial) {
    const int t = threadIdx.x;
    partial[t] = value;
    __syncthreads();
    for (int half = 128; half > 0; half /= 2) {
        if (t < half) partial[t] = fmaxf(partial[t], partial[t + half]);
        __syncthreads();
    }
    const float max = partial[0];
    __syncthreads();
    return max;
}

extern "C" __global__ void __launch_bounds__(256)
softmax_rows(const float* x, float* y, int n) {
    __shared__ float partial[256];
    const float* in = x + (size_t)blockIdx.x * n;
    float* out = y + (size_t)blockIdx.x * n;
    const int t = threadIdx.x;
    float max = -INFINITY;
    for (int j = t; j < n; j += 256) max = fmaxf(max, in[j]);
    max = block_max_256(max, partial);
    float sum = 0.0f;
    for (int j = t; j < n; j += 256) {
        const float e = expf(in[j] - max);
        out[j] = e;
        sum += e;
    }
    const float inverse = 1.0f / block_sum_256(sum, partial);
    for (int j = t; j < n; j += 256) out[j] *= inverse;
}
