// Batch normalisation with fixed statistics followed by ReLU, in one pass, as
// dev.jgan.tensor.kernels.NormRelu computes it over x [batch, channels, plane]:
//   y = max(fma((x - mean[c]) * invstd, gain, offset), 0),  invstd = 1 / sqrt(var[c] + eps) in double,
// with gain and offset per sample and channel (BigGAN's conditional batch norm: [batch, channels],
// affine_stride = channels) or per channel ([channels], affine_stride = 0).
//
// Grid (batch * channels, chunks): block x owns plane p = blockIdx.x (sample p / channels, channel
// p % channels), works out its invstd, gain and offset once, and its 256 threads stride over the plane's
// values from blockIdx.y * 256 in steps of chunks * 256. y may be x.
extern "C" __global__ void __launch_bounds__(256)
norm_relu_nchw(const float* x, float* y, const float* mean, const float* var, const float* gain, const float* offset,
               float eps, int channels, int plane, int affine_stride) {
    const int p = blockIdx.x, c = p % channels, affine = (p / channels) * affine_stride + c;
    const float invstd = (float)(1.0 / sqrt((double)var[c] + (double)eps));
    const float mu = mean[c], g = gain[affine], shift = offset[affine];
    const float* in = x + (size_t)p * plane;
    float* out = y + (size_t)p * plane;
    for (int j = blockIdx.y * blockDim.x + threadIdx.x; j < plane; j += gridDim.y * blockDim.x) {
        out[j] = fmaxf(fmaf((in[j] - mu) * invstd, g, shift), 0.0f) + 0.0f;  // + 0 turns -0 into +0
    }
}
