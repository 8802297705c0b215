// A fixed-order sum over the threads of a 256-thread block, shared by the reduction kernels.
#pragma once

// The sum of every thread's value in a 256-thread block, returned to all of them; partial is the
// block's shared scratch, free again when this returns.
__device__ __forceinline__ float block_sum_256(float value, float* partial) {
    const int t = threadIdx.x;
    partial[t] = value;
    __syncthreads();
    for (int half = 128; half > 0; half /= 2) {
        if (t < half) partial[t] += partial[t + half];
        __syncthreads();
    }
    const float total = partial[0];
    __syncthreads();
    return total;
}
