// Row-wise concatenation out [rows, a_cols + b_cols] = [a, b] of a [rows, a_cols] and b [rows, b_cols]
// (BigGAN's conditioning vector: the latent z followed by the class embedding), float32.
// Grid-stride loop over the n = rows * (a_cols + b_cols) outputs (256 threads per block, any grid
// size); consecutive threads write consecutive outputs.
extern "C" __global__ void __launch_bounds__(256)
concat_rows(const float* a, const float* b, float* out, int a_cols, int b_cols, int n) {
    const int width = a_cols + b_cols;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
        const int r = i / width, col = i % width;
        out[i] = col < a_cols ? a[r * a_cols + col] : b[r * b_cols + col - a_cols];
    }
}
