// The three convolution passes written as implicit GEMMs C[M][N] = sum_k A[m][k] * B[k][n].
//
// Neither operand is materialised: a(m, k) and b(k, n) compute the tensor element that the
// im2col matrix would hold at that position (zero in the padding), and store(m, n, v) scatters
// the result back to NCHW. Callers guarantee m < M, n < N and k < K.
//
// Index decompositions used below (row-major flattening, fastest index last):
//   k or n over (c, kh, kw):   c = i / (k_h*k_w),  kh = (i / k_w) % k_h,  kw = i % k_w
//   n or k over (b, oh, ow):   b = i / (out_h*out_w), oh = (i / out_w) % out_h, ow = i % out_w
//   n over (b, ih, iw):        b = i / (in_h*in_w),   ih = (i / in_w) % in_h,   iw = i % in_w
#pragma once

#include "conv_shape.cuh"

// Forward: y = conv(x, w) + bias.
//   M = out_c, N = batch*out_h*out_w, K = in_c*k_h*k_w
//   A[o][(c,kh,kw)]        = w[o][c][kh][kw]           (w is already this row-major M x K matrix)
//   B[(c,kh,kw)][(b,oh,ow)] = x[b][c][oh*s - p + kh*d][ow*s - p + kw*d]   (implicit im2col)
//   C[o][(b,oh,ow)]        -> y[b][o][oh][ow] (+ bias[o])
struct ForwardGemm {
    const float* __restrict__ x;
    const float* __restrict__ w;
    const float* __restrict__ bias;  // may be null
    float* __restrict__ y;
    ConvShape s;

    __device__ int M() const { return s.out_c; }
    __device__ int N() const { return s.batch * s.out_h * s.out_w; }
    __device__ int K() const { return s.in_c * s.k_h * s.k_w; }

    __device__ float a(int m, int k) const { return w[m * K() + k]; }

    __device__ float b(int k, int n) const {
        const int c = k / (s.k_h * s.k_w), kh = (k / s.k_w) % s.k_h, kw = k % s.k_w;
        const int bi = n / (s.out_h * s.out_w), oh = (n / s.out_w) % s.out_h, ow = n % s.out_w;
        const int ih = oh * s.stride_h - s.pad_h + kh * s.dil_h;
        const int iw = ow * s.stride_w - s.pad_w + kw * s.dil_w;
        if (ih < 0 || ih >= s.in_h || iw < 0 || iw >= s.in_w) return 0.0f;
        return x[((bi * s.in_c + c) * s.in_h + ih) * s.in_w + iw];
    }

    __device__ void store(int m, int n, float v) const {
        const int plane = s.out_h * s.out_w;
        const int bi = n / plane, p = n % plane;  // p = oh*out_w + ow
        y[(bi * s.out_c + m) * plane + p] = v + (bias != nullptr ? bias[m] : 0.0f);
    }
};

// Backward to the input (also the forward pass of the transposed convolution):
//   dx[b][c][ih][iw] = sum_{o,kh,kw} w[o][c][kh][kw] * dy[b][o][oh][ow]
//   over the (oh, ow) that the forward pass mapped onto (ih, iw):
//   ih = oh*s - p + kh*d  <=>  oh = (ih + p - kh*d) / s, which must divide exactly and lie in [0, out_h).
//   M = in_c, N = batch*in_h*in_w, K = out_c*k_h*k_w
//   A[c][(o,kh,kw)]          = w[o][c][kh][kw]          (w read transposed)
//   B[(o,kh,kw)][(b,ih,iw)]  = dy[b][o][oh][ow] or 0    (implicit col2im, as a gather)
//   C[c][(b,ih,iw)]          -> dx[b][c][ih][iw] (+ bias[c], used by the transposed convolution)
struct BackwardDataGemm {
    const float* __restrict__ dy;
    const float* __restrict__ w;
    const float* __restrict__ bias;  // may be null
    float* __restrict__ dx;
    ConvShape s;

    __device__ int M() const { return s.in_c; }
    __device__ int N() const { return s.batch * s.in_h * s.in_w; }
    __device__ int K() const { return s.out_c * s.k_h * s.k_w; }

    __device__ float a(int m, int k) const {
        const int taps = s.k_h * s.k_w;
        const int o = k / taps, tap = k % taps;  // tap = kh*k_w + kw
        return w[(o * s.in_c + m) * taps + tap];
    }

    __device__ float b(int k, int n) const {
        const int o = k / (s.k_h * s.k_w), kh = (k / s.k_w) % s.k_h, kw = k % s.k_w;
        const int bi = n / (s.in_h * s.in_w), ih = (n / s.in_w) % s.in_h, iw = n % s.in_w;
        const int th = ih + s.pad_h - kh * s.dil_h;  // = oh * stride_h if this tap hit (ih, iw)
        const int tw = iw + s.pad_w - kw * s.dil_w;
        if (th < 0 || tw < 0 || th % s.stride_h != 0 || tw % s.stride_w != 0) return 0.0f;
        const int oh = th / s.stride_h, ow = tw / s.stride_w;
        if (oh >= s.out_h || ow >= s.out_w) return 0.0f;
        return dy[((bi * s.out_c + o) * s.out_h + oh) * s.out_w + ow];
    }

    __device__ void store(int m, int n, float v) const {
        const int plane = s.in_h * s.in_w;
        const int bi = n / plane, p = n % plane;  // p = ih*in_w + iw
        dx[(bi * s.in_c + m) * plane + p] = v + (bias != nullptr ? bias[m] : 0.0f);
    }
};

// Backward to the weights:
//   dw[o][c][kh][kw] = sum_{b,oh,ow} dy[b][o][oh][ow] * x[b][c][oh*s - p + kh*d][ow*s - p + kw*d]
//   M = out_c, N = in_c*k_h*k_w, K = batch*out_h*out_w
//   A[o][(b,oh,ow)]          = dy[b][o][oh][ow]
//   B[(b,oh,ow)][(c,kh,kw)]  = the forward pass's im2col matrix, transposed
//   C[o][(c,kh,kw)]          -> out[o][c][kh][kw]; with split-K, out is one slice of a
//                               [splits][M][N] workspace summed afterwards in a fixed order.
struct BackwardWeightGemm {
    const float* __restrict__ dy;
    const float* __restrict__ x;
    float* __restrict__ out;
    ConvShape s;

    __device__ int M() const { return s.out_c; }
    __device__ int N() const { return s.in_c * s.k_h * s.k_w; }
    __device__ int K() const { return s.batch * s.out_h * s.out_w; }

    __device__ float a(int m, int k) const {
        const int plane = s.out_h * s.out_w;
        const int bi = k / plane, p = k % plane;
        return dy[(bi * s.out_c + m) * plane + p];
    }

    __device__ float b(int k, int n) const {
        const int c = n / (s.k_h * s.k_w), kh = (n / s.k_w) % s.k_h, kw = n % s.k_w;
        const int bi = k / (s.out_h * s.out_w), oh = (k / s.out_w) % s.out_h, ow = k % s.out_w;
        const int ih = oh * s.stride_h - s.pad_h + kh * s.dil_h;
        const int iw = ow * s.stride_w - s.pad_w + kw * s.dil_w;
        if (ih < 0 || ih >= s.in_h || iw < 0 || iw >= s.in_w) return 0.0f;
        return x[((bi * s.in_c + c) * s.in_h + ih) * s.in_w + iw];
    }

    __device__ void store(int m, int n, float v) const { out[m * N() + n] = v; }
};
