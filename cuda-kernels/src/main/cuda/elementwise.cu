// Elementwise kernels and the per-channel sum, float32, over flat arrays of n elements.
//
// The elementwise kernels use grid-stride loops: 256 threads per block, any grid size covers
// any n (dev.jgan.cuda.LaunchGeometry caps the grid). Outputs may alias inputs (in place).

#define GRID_STRIDE_LOOP(i, n) \
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += gridDim.x * blockDim.x)

// y[b][c][p] += bias[c] over y [batch, channels, plane]: element i has channel (i / plane) % channels.
extern "C" __global__ void __launch_bounds__(256)
bias_add_nchw(float* y, const float* bias, int channels, int plane, int n) {
    GRID_STRIDE_LOOP(i, n) y[i] += bias[(i / plane) % channels];
}

// y = y + alpha * x (accumulating a gradient, e.g. D's parameters over its real and fake passes)
extern "C" __global__ void __launch_bounds__(256)
axpy(const float* x, float* y, float alpha, int n) {
    GRID_STRIDE_LOOP(i, n) y[i] = fmaf(alpha, x[i], y[i]);
}

// y = max(x, 0)
extern "C" __global__ void __launch_bounds__(256)
relu_forward(const float* x, float* y, int n) {
    GRID_STRIDE_LOOP(i, n) y[i] = x[i] > 0.0f ? x[i] : 0.0f;
}

// y = max(x, 0)  =>  dx = dy * [x > 0]
extern "C" __global__ void __launch_bounds__(256)
relu_backward(const float* dy, const float* x, float* dx, int n) {
    GRID_STRIDE_LOOP(i, n) dx[i] = x[i] > 0.0f ? dy[i] : 0.0f;
}

// y = x > 0 ? x : slope * x
extern "C" __global__ void __launch_bounds__(256)
leaky_relu_forward(const float* x, float* y, float slope, int n) {
    GRID_STRIDE_LOOP(i, n) y[i] = x[i] > 0.0f ? x[i] : slope * x[i];
}

// y = x > 0 ? x : slope * x  =>  dx = dy * (x > 0 ? 1 : slope)
extern "C" __global__ void __launch_bounds__(256)
leaky_relu_backward(const float* dy, const float* x, float* dx, float slope, int n) {
    GRID_STRIDE_LOOP(i, n) dx[i] = x[i] > 0.0f ? dy[i] : slope * dy[i];
}

// y = tanh(x)
extern "C" __global__ void __launch_bounds__(256)
tanh_forward(const float* x, float* y, int n) {
    GRID_STRIDE_LOOP(i, n) y[i] = tanhf(x[i]);
}

// y = tanh(x)  =>  dx = dy * (1 - y^2), from the forward output y
extern "C" __global__ void __launch_bounds__(256)
tanh_backward(const float* dy, const float* y, float* dx, int n) {
    GRID_STRIDE_LOOP(i, n) dx[i] = dy[i] * (1.0f - y[i] * y[i]);
}

// out[c] = sum_{b, p} x[b][c][p] over x [batch, channels, plane] (the bias gradient of a
// convolution). One 256-thread block per channel (grid = channels): thread t sums the
// elements j = t, t + 256, ... of the channel's batch*plane values, then a shared-memory tree
// halves the 256 partial sums; the order is fixed, so the result is deterministic.
extern "C" __global__ void __launch_bounds__(256)
channel_sum_nchw(const float* x, float* out, int batch, int channels, int plane) {
    __shared__ float partial[256];
    const int c = blockIdx.x, t = threadIdx.x;
    float sum = 0.0f;
    for (int j = t; j < batch * plane; j += 256) {
        const int b = j / plane, p = j % plane;
        sum += x[(b * channels + c) * plane + p];
    }
    partial[t] = sum;
    __syncthreads();
    for (int half = 128; half > 0; half /= 2) {
        if (t < half) partial[t] += partial[t + half];
        __syncthreads();
    }
    if (t == 0) out[c] = partial[0];
}

// average[i] = keep average[i] + take value[i], each product rounded before the sum (no contraction
// into an fma), as the CPU's moving average of a generator's weights rounds them.
extern "C" __global__ void __launch_bounds__(256)
blend(float keep, float* average, float take, const float* value, int n) {
    GRID_STRIDE_LOOP(i, n) average[i] = __fadd_rn(__fmul_rn(keep, average[i]), __fmul_rn(take, value[i]));
}

// planes[b][c][p] = 1 if labels[b] == c else 0 for planes [batch, classes, plane], labels [batch] holding
// class indices as floats: the one-hot label planes a class-conditional network reads; n = planes' size.
extern "C" __global__ void __launch_bounds__(256)
label_planes_nchw(const float* labels, float* planes, int classes, int plane, int n) {
    GRID_STRIDE_LOOP(i, n) {
        const int b = i / (classes * plane), c = (i / plane) % classes;
        planes[i] = labels[b] == (float)c ? 1.0f : 0.0f;
    }
}
