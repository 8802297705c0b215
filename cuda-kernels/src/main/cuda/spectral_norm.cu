// Spectral normalisation in training (Miyato et al. 2018, as torch.nn.utils.spectral_norm and
// dev.jgan.nn.autograd.SpectralNormMath), on a weight w seen as the row-major matrix W [rows, cols]
// (rows = w's first axis), with vectors u [rows] and v [cols] and sigma [1] kept on the device:
//   one power iteration:  v = normalise(W^T u), u = normalise(W v), normalise(x) = x / max(||x||, eps),
//                         then sigma = u^T W v (W v being the u before it was normalised);
//   the normalised weight: y = w / sigma;
//   its gradient for u and v held: dw = dy / sigma - (<dy, w> / sigma^2) u v^T.
// Sums run in a fixed order (each thread's terms in increasing index, then block_sum_256), so a
// result does not depend on timing.

#include "block_sum.cuh"

#define GRID_STRIDE_LOOP(i, n) \
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += gridDim.x * blockDim.x)

// t[j] = sum over i of W[i][j] u[i]: W^T u. A 256-thread block takes 32 columns (grid = ceil(cols / 32)):
// thread (c, r) = (t % 32, t / 32) adds the rows i = r, r + 8, ... of column j0 + c in increasing i (a warp
// reads 32 consecutive floats of a row), then the 8 partial sums of a column are added in r order.
extern "C" __global__ void __launch_bounds__(256)
spectral_matvec_t(const float* w, const float* u, float* t, int rows, int cols) {
    __shared__ float partial[8][32];
    const int c = threadIdx.x % 32, r = threadIdx.x / 32;
    const int j = blockIdx.x * 32 + c;
    float sum = 0.0f;
    if (j < cols) {
        for (int i = r; i < rows; i += 8) sum = fmaf(w[(size_t)i * cols + j], u[i], sum);
    }
    partial[r][c] = sum;
    __syncthreads();
    if (r == 0 && j < cols) {
        float total = partial[0][c];
        for (int k = 1; k < 8; ++k) total += partial[k][c];
        t[j] = total;
    }
}

// s[i] = sum over j of W[i][j] v[j]: W v. One 256-thread block per row i (grid = rows).
extern "C" __global__ void __launch_bounds__(256)
spectral_matvec(const float* w, const float* v, float* s, int rows, int cols) {
    __shared__ float partial[256];
    const float* row = w + (size_t)blockIdx.x * cols;
    float sum = 0.0f;
    for (int j = threadIdx.x; j < cols; j += 256) sum = fmaf(row[j], v[j], sum);
    const float total = block_sum_256(sum, partial);
    if (threadIdx.x == 0) s[blockIdx.x] = total;
}

// out = x / max(||x||, eps) (the scale taken in double, as the CPU takes it); with sigma non-null also
// sigma[0] = <out, x>, which is u^T W v when x = W v. One 256-thread block (grid = 1).
extern "C" __global__ void __launch_bounds__(256)
spectral_normalise(const float* x, float* out, float eps, float* sigma, int n) {
    __shared__ float partial[256];
    float squares = 0.0f;
    for (int i = threadIdx.x; i < n; i += 256) squares = fmaf(x[i], x[i], squares);
    const float norm2 = block_sum_256(squares, partial);
    const float scale = (float)(1.0 / fmax(sqrt((double)norm2), (double)eps));
    float dot = 0.0f;
    for (int i = threadIdx.x; i < n; i += 256) {
        const float value = x[i];
        const float normalised = value * scale;
        out[i] = normalised;
        dot = fmaf(normalised, value, dot);
    }
    if (sigma != nullptr) {
        const float total = block_sum_256(dot, partial);
        if (threadIdx.x == 0) sigma[0] = total;
    }
}

// y = w * (1 / sigma[0]), rounded as the CPU's scale by the float reciprocal.
extern "C" __global__ void __launch_bounds__(256)
spectral_scale(const float* w, const float* sigma, float* y, int n) {
    const float inverse = 1.0f / sigma[0];
    GRID_STRIDE_LOOP(i, n) y[i] = w[i] * inverse;
}

// The first stage of <a, b> over n elements: block z of the grid (at most 256 blocks) adds its grid-stride
// elements in increasing index, then its threads' sums in a fixed order, into partials[z];
// spectral_normalise_backward adds the gridDim.x partials in a fixed order.
extern "C" __global__ void __launch_bounds__(256)
spectral_dot_partials(const float* a, const float* b, float* partials, int n) {
    __shared__ float partial[256];
    float sum = 0.0f;
    GRID_STRIDE_LOOP(i, n) sum = fmaf(a[i], b[i], sum);
    const float total = block_sum_256(sum, partial);
    if (threadIdx.x == 0) partials[blockIdx.x] = total;
}

// y = w / s, s = u^T W v  =>  dw = dy / s - (<dy, w> / s^2) u v^T, with <dy, w> the sum of the `parts` (at
// most 256) dot_partials, which every block adds in the same fixed order, and s = sigma[0] from the device:
// dw[i][j] = (dy[i][j] * (1/s)) + c * (u[i] v[j]), c = -<dy, w> / s^2, one fmaf as the CPU's addScaledInto.
// Grid-stride over the rows * cols elements.
extern "C" __global__ void __launch_bounds__(256)
spectral_normalise_backward(const float* dy, const float* u, const float* v, const float* sigma,
                            const float* dot_partials, int parts, float* dw, int rows, int cols) {
    __shared__ float partial[256];
    const float dy_dot_w = block_sum_256(threadIdx.x < parts ? dot_partials[threadIdx.x] : 0.0f, partial);
    const float s = sigma[0];
    const float inverse = 1.0f / s;
    const float c = (float)(-(double)dy_dot_w / ((double)s * s));
    GRID_STRIDE_LOOP(e, rows * cols) {
        const int i = e / cols, j = e - i * cols;
        dw[e] = fmaf(c, u[i] * v[j], dy[e] * inverse);
    }
}
