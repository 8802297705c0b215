// Training-mode batch normalisation over x [batch, channels, plane], float32, as the CPU's
// dev.jgan.tensor.kernels.BatchNorm computes it: biased batch variance from a two-pass centred
// sum, invstd = 1 / sqrt(var + eps), running statistics updated with the unbiased variance.
//
// The per-channel sums run one 256-thread block per channel (grid = channels): thread t takes
// the values j = t, t + 256, ... of the channel's batch * plane values, then a shared-memory tree
// halves the 256 partial sums in a fixed order, so every result is deterministic. The elementwise
// kernels use grid-stride loops (256 threads per block, any grid size).

#include "block_sum.cuh"

#define GRID_STRIDE_LOOP(i, n) \
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += gridDim.x * blockDim.x)

// mean[c], invstd[c] of channel c = blockIdx.x; running_mean/running_var (both null, or both
// set) become (1 - momentum) * running + momentum * batch statistic, the variance unbiased.
extern "C" __global__ void __launch_bounds__(256)
batch_norm_stats_nchw(const float* x, float* mean, float* invstd, float* running_mean, float* running_var,
                      float momentum, float eps, int batch, int channels, int plane) {
    __shared__ float partial[256];
    const int c = blockIdx.x, t = threadIdx.x, count = batch * plane;
    float sum = 0.0f;
    for (int j = t; j < count; j += 256) sum += x[((j / plane) * channels + c) * plane + j % plane];
    const float mu = block_sum_256(sum, partial) / count;
    float squares = 0.0f;
    for (int j = t; j < count; j += 256) {
        const float d = x[((j / plane) * channels + c) * plane + j % plane] - mu;
        squares += d * d;
    }
    const float var = block_sum_256(squares, partial) / count;
    if (t == 0) {
        mean[c] = mu;
        invstd[c] = 1.0f / sqrtf(var + eps);
        if (running_mean != nullptr) {
            running_mean[c] = (1.0f - momentum) * running_mean[c] + momentum * mu;
            running_var[c] = (1.0f - momentum) * running_var[c] + momentum * var * count / (count - 1.0f);
        }
    }
}

// y = (x - mean[c]) * invstd[c] * gamma[c] + beta[c] (gamma and beta both null: not affine); y may be x.
extern "C" __global__ void __launch_bounds__(256)
batch_norm_apply_nchw(const float* x, float* y, const float* mean, const float* invstd, const float* gamma,
                      const float* beta, int channels, int plane, int n) {
    GRID_STRIDE_LOOP(i, n) {
        const int c = (i / plane) % channels;
        const float normalized = (x[i] - mean[c]) * invstd[c];
        y[i] = gamma != nullptr ? normalized * gamma[c] + beta[c] : normalized;
    }
}

// Per channel c = blockIdx.x: sum_dy[c] = sum of dy (beta's gradient) and
// sum_dy_xhat[c] = sum of dy (x - mean[c]) invstd[c] (gamma's gradient), in one pass.
extern "C" __global__ void __launch_bounds__(256)
batch_norm_backward_sums_nchw(const float* dy, const float* x, const float* mean, const float* invstd,
                              float* sum_dy, float* sum_dy_xhat, int batch, int channels, int plane) {
    __shared__ float partial[256];
    const int c = blockIdx.x, t = threadIdx.x, count = batch * plane;
    const float mu = mean[c];
    float s = 0.0f, sx = 0.0f;
    for (int j = t; j < count; j += 256) {
        const int i = ((j / plane) * channels + c) * plane + j % plane;
        s += dy[i];
        sx += dy[i] * (x[i] - mu);
    }
    const float total = block_sum_256(s, partial);
    const float total_x = block_sum_256(sx, partial);
    if (t == 0) {
        sum_dy[c] = total;
        sum_dy_xhat[c] = total_x * invstd[c];
    }
}

// y = xhat gamma + beta, xhat = (x - mean) invstd  =>
// dx = gamma invstd (dy - sum(dy) / count - xhat sum(dy xhat) / count); gamma null: gamma = 1.
extern "C" __global__ void __launch_bounds__(256)
batch_norm_backward_input_nchw(const float* dy, const float* x, const float* mean, const float* invstd,
                               const float* gamma, const float* sum_dy, const float* sum_dy_xhat, float* dx,
                               int channels, int plane, int count, int n) {
    GRID_STRIDE_LOOP(i, n) {
        const int c = (i / plane) % channels;
        const float k = (gamma != nullptr ? gamma[c] : 1.0f) * invstd[c];
        const float xhat = (x[i] - mean[c]) * invstd[c];
        dx[i] = k * (dy[i] - sum_dy[c] / count - xhat * (sum_dy_xhat[c] / count));
    }
}
