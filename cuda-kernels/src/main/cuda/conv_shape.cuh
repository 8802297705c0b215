// Geometry of one 2-D convolution, passed by value to every convolution kernel.
//
// Always described from the forward convolution's point of view (NCHW, groups = 1):
//   x [batch, in_c, in_h, in_w], w [out_c, in_c, k_h, k_w], y [batch, out_c, out_h, out_w],
//   y[b][o][oh][ow] = sum_{c, kh, kw} w[o][c][kh][kw] * x[b][c][oh*stride_h - pad_h + kh*dil_h]
//                                                            [ow*stride_w - pad_w + kw*dil_w]
// with x read as zero outside the image. A transposed convolution is the adjoint of this one,
// so it is described by the convolution it transposes (its input is this y, its output this x).
//
// Fifteen 32-bit ints, then twelve FastDivisors of three ints each for the divisions the implicit
// GEMMs make by the geometry; no padding: the Java side (dev.jgan.cuda.ConvShape) writes them in
// this order into one 204-byte kernel parameter.
#pragma once

// Division by a divisor fixed for a launch as a multiply and a shift (Granlund and Montgomery,
// "Division by invariant integers using multiplication", 1994), so the kernels' inner loops make no
// integer division: for 0 <= n < 2^31 and d >= 1, n / d = (n * m) >> p with p = 31 + ceil(log2 d)
// and m = ceil(2^p / d) < 2^32. Exact because m * d - 2^p < d <= 2^(p - 31), so n * (m * d - 2^p)
// stays below 2^p and the product never reaches the next multiple of d.
struct FastDivisor {
    int d;
    unsigned m;
    int p;

    __device__ __forceinline__ int div(int n) const {
        return (int)(((unsigned long long)(unsigned)n * m) >> p);
    }
};

struct ConvShape {
    int batch;
    int in_c, in_h, in_w;
    int out_c, out_h, out_w;
    int k_h, k_w;
    int stride_h, stride_w;
    int pad_h, pad_w;
    int dil_h, dil_w;
    FastDivisor div_taps;       // k_h * k_w
    FastDivisor div_k_w;        // k_w
    FastDivisor div_out_plane;  // out_h * out_w
    FastDivisor div_out_w;      // out_w
    FastDivisor div_in_plane;   // in_h * in_w
    FastDivisor div_in_w;       // in_w
    FastDivisor div_stride_h;   // stride_h
    FastDivisor div_stride_w;   // stride_w
    // For the input gradient by sub-pixel phases (conv_gemm.cuh, PhasedBackwardDataGemm), meaningful
    // when the strides divide the input and kernel sizes; each at least 1 otherwise.
    FastDivisor div_phase_taps;   // (k_h / stride_h) * (k_w / stride_w)
    FastDivisor div_phase_k_w;    // k_w / stride_w
    FastDivisor div_phase_plane;  // (in_h / stride_h) * (in_w / stride_w)
    FastDivisor div_phase_w;      // in_w / stride_w
};
