// Binary cross-entropy with logits against one target for every element (1 for real, 0 for
// fake), averaged, as the CPU's Loss.bceWithLogits: L = mean(max(x, 0) - x t + log(1 + exp(-|x|))).
// The loss stays on the device: the backward kernel reads dL from device memory.

#include "block_sum.cuh"

#define GRID_STRIDE_LOOP(i, n) \
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += gridDim.x * blockDim.x)

// loss[0] = L over x[0..n); one 256-thread block (grid = 1), a fixed-order sum.
extern "C" __global__ void __launch_bounds__(256)
bce_with_logits_forward(const float* x, float target, float* loss, int n) {
    __shared__ float partial[256];
    float sum = 0.0f;
    for (int i = threadIdx.x; i < n; i += 256) {
        const float v = x[i];
        sum += fmaxf(v, 0.0f) - v * target + log1pf(expf(-fabsf(v)));
    }
    const float total = block_sum_256(sum, partial);
    if (threadIdx.x == 0) loss[0] = total / n;
}

// L = mean(softplus(x) - x t)  =>  dx = dL (sigmoid(x) - t) / n, with dL = dloss[0].
extern "C" __global__ void __launch_bounds__(256)
bce_with_logits_backward(const float* x, float target, const float* dloss, float* dx, int n) {
    const float scale = dloss[0] / n;
    GRID_STRIDE_LOOP(i, n) dx[i] = (1.0f / (1.0f + expf(-x[i])) - target) * scale;
}
