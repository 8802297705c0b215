// The GAN losses, as the CPU computes them: binary cross-entropy with logits against one target for
// every element (1 for real, 0 for fake), averaged, as Loss.bceWithLogits:
// L = mean(max(x, 0) - x t + log(1 + exp(-|x|))); the hinge terms mean(relu(1 + s x)) (s = -1 on real
// images, 1 on generated ones) and the hinge generator loss -mean(x), as GanLosses.
// The loss stays on the device: the backward kernels read dL from device memory.

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

// loss[0] = mean(relu(1 + sign x)) over x[0..n), sign -1 or 1; one 256-thread block, a fixed-order sum.
extern "C" __global__ void __launch_bounds__(256)
hinge_forward(const float* x, float sign, float* loss, int n) {
    __shared__ float partial[256];
    float sum = 0.0f;
    for (int i = threadIdx.x; i < n; i += 256) sum += fmaxf(__fadd_rn(__fmul_rn(sign, x[i]), 1.0f), 0.0f);
    const float total = block_sum_256(sum, partial);
    if (threadIdx.x == 0) loss[0] = total / n;
}

// L = mean(relu(1 + s x))  =>  dx = s dL [1 + s x > 0] / n, with dL = dloss[0].
extern "C" __global__ void __launch_bounds__(256)
hinge_backward(const float* x, float sign, const float* dloss, float* dx, int n) {
    const float per_element = dloss[0] / n;
    GRID_STRIDE_LOOP(i, n) dx[i] = sign * (__fadd_rn(__fmul_rn(sign, x[i]), 1.0f) > 0.0f ? per_element : 0.0f);
}

// loss[0] = -mean(x) over x[0..n); one 256-thread block, a fixed-order sum.
extern "C" __global__ void __launch_bounds__(256)
negative_mean_forward(const float* x, float* loss, int n) {
    __shared__ float partial[256];
    float sum = 0.0f;
    for (int i = threadIdx.x; i < n; i += 256) sum += x[i];
    const float total = block_sum_256(sum, partial);
    if (threadIdx.x == 0) loss[0] = -(total / n);
}

// L = -mean(x)  =>  dx = -dL / n everywhere, with dL = dloss[0].
extern "C" __global__ void __launch_bounds__(256)
negative_mean_backward(const float* dloss, float* dx, int n) {
    const float value = -dloss[0] / n;
    GRID_STRIDE_LOOP(i, n) dx[i] = value;
}
