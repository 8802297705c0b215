// Nearest-neighbour 2x upsampling, the up-sampled or channel-slicing residual adds of BigGAN's blocks,
// a copy of the first channels, and 2x2 max pooling, over NCHW float32, as dev.jgan.tensor.kernels.Upsample and Pooling compute them.
//
// Grid-stride loops over the output elements (256 threads per block, any grid size, see
// dev.jgan.cuda.LaunchGeometry): each output element is written by exactly one thread, consecutive
// threads writing consecutive elements.

#define GRID_STRIDE_LOOP(i, n) \
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += gridDim.x * blockDim.x)

// y[p][r][q] = x[p][r / 2][q / 2] for the planes p of x [planes, h, w] and y [planes, 2h, 2w]; n = y's size.
extern "C" __global__ void __launch_bounds__(256)
upsample_nearest2x_nchw(const float* x, float* y, int h, int w, int n) {
    GRID_STRIDE_LOOP(i, n) {
        const int q = i % (2 * w), r = (i / (2 * w)) % (2 * h), p = i / (4 * h * w);
        y[i] = x[(p * h + r / 2) * w + q / 2];
    }
}

// y[b][c][r][q] += x[b][c][r / factor][q / factor] for y [batch, channels, h * factor, w * factor] and
// x [batch, x_channels, h, w], x_channels >= channels: a residual shortcut that keeps x's first channels,
// up-sampled (factor 2) or not (factor 1); n = y's size.
extern "C" __global__ void __launch_bounds__(256)
add_nearest_nchw(const float* x, float* y, int channels, int x_channels, int h, int w, int factor, int n) {
    const int out_h = h * factor, out_w = w * factor;
    GRID_STRIDE_LOOP(i, n) {
        const int q = i % out_w, r = (i / out_w) % out_h, plane = i / (out_h * out_w);
        const int b = plane / channels, c = plane % channels;
        y[i] += x[((b * x_channels + c) * h + r / factor) * w + q / factor];
    }
}

// y[b][c][p] = x[b][c][p] for y [batch, channels, plane] and x [batch, x_channels, plane], x_channels >=
// channels: the first channels of x, e.g. the image part of the gradient with respect to an image with
// label planes appended; n = y's size.
extern "C" __global__ void __launch_bounds__(256)
first_channels_nchw(const float* x, float* y, int channels, int x_channels, int plane, int n) {
    GRID_STRIDE_LOOP(i, n) {
        const int b = i / (channels * plane), r = i % (channels * plane);  // r = c * plane + p
        y[i] = x[b * x_channels * plane + r];
    }
}

// y[p][r][q] = max of the window x[p][2r .. 2r+1][2q .. 2q+1] for x [planes, h, w] and y [planes, h/2, w/2]
// (an odd last row or column is dropped); corners are compared in row-major order and NaN wins, as on the
// CPU. n = y's size.
extern "C" __global__ void __launch_bounds__(256)
max_pool2x2_nchw(const float* x, float* y, int h, int w, int n) {
    const int out_h = h / 2, out_w = w / 2;
    GRID_STRIDE_LOOP(i, n) {
        const int q = i % out_w, r = (i / out_w) % out_h, p = i / (out_h * out_w);
        const float* window = x + (p * h + 2 * r) * w + 2 * q;
        float max = window[0];
        for (int corner = 1; corner < 4; ++corner) {
            const float v = window[(corner >> 1) * w + (corner & 1)];
            if (v > max || isnan(v)) max = v;
        }
        y[i] = max;
    }
}
