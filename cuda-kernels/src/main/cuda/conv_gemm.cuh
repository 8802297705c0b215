// The three convolution passes written as implicit GEMMs C[M][N] = sum_k A[m][k] * B[k][n].
//
// Neither operand is materialised: a(m, k) and b(k, column(n)) compute the tensor element that the
// im2col matrix would hold at that position (zero in the padding), and store(m, n, v) scatters
// the result back to NCHW. column(n) decomposes a column of B once, so that a thread staging one
// column for every slice of K does the column's divisions outside its loop. Callers guarantee
// m < M, n < N and k < K.
//
// Index decompositions used below (row-major flattening, fastest index last), each a division by
// one of the shape's FastDivisors and a remainder:
//   k or n over (c, kh, kw):   (c, tap) = i divided by k_h*k_w,     (kh, kw) = tap divided by k_w
//   n or k over (b, oh, ow):   (b, p)   = i divided by out_h*out_w, (oh, ow) = p divided by out_w
//   n over (b, ih, iw):        (b, p)   = i divided by in_h*in_w,   (ih, iw) = p divided by in_w
#pragma once

#include "conv_shape.cuh"

// n = q * d.d + r with 0 <= r < d.d, for 0 <= n < 2^31.
struct QuotRem {
    int q, r;
};

__device__ __forceinline__ QuotRem divide(int n, const FastDivisor& d) {
    const int q = d.div(n);
    return {q, n - q * d.d};
}

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

    // Column n = (b, oh, ow): image b of x and the corner (oh*s - p, ow*s - p) of the output pixel's window.
    struct Column {
        const float* image;
        int ih0, iw0;
    };

    __device__ Column column(int n) const {
        const QuotRem b_p = divide(n, s.div_out_plane), oh_ow = divide(b_p.r, s.div_out_w);
        return {x + b_p.q * s.in_c * s.div_in_plane.d, oh_ow.q * s.stride_h - s.pad_h, oh_ow.r * s.stride_w - s.pad_w};
    }

    __device__ float b(int k, const Column& col) const {
        const QuotRem c_tap = divide(k, s.div_taps), kh_kw = divide(c_tap.r, s.div_k_w);
        const int ih = col.ih0 + kh_kw.q * s.dil_h, iw = col.iw0 + kh_kw.r * s.dil_w;
        if (ih < 0 || ih >= s.in_h || iw < 0 || iw >= s.in_w) return 0.0f;
        return col.image[(c_tap.q * s.in_h + ih) * s.in_w + iw];
    }

    __device__ void store(int m, int n, float v) const {
        const QuotRem b_p = divide(n, s.div_out_plane);  // p = oh*out_w + ow
        y[(b_p.q * s.out_c + m) * s.div_out_plane.d + b_p.r] = v + (bias != nullptr ? bias[m] : 0.0f);
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
        const QuotRem o_tap = divide(k, s.div_taps);  // tap = kh*k_w + kw
        return w[(o_tap.q * s.in_c + m) * s.div_taps.d + o_tap.r];
    }

    // Column n = (b, ih, iw): image b of dy and the input pixel shifted by the padding, (ih + p, iw + p).
    struct Column {
        const float* image;
        int th0, tw0;
    };

    __device__ Column column(int n) const {
        const QuotRem b_p = divide(n, s.div_in_plane), ih_iw = divide(b_p.r, s.div_in_w);
        return {dy + b_p.q * s.out_c * s.div_out_plane.d, ih_iw.q + s.pad_h, ih_iw.r + s.pad_w};
    }

    __device__ float b(int k, const Column& col) const {
        const QuotRem o_tap = divide(k, s.div_taps), kh_kw = divide(o_tap.r, s.div_k_w);
        const int th = col.th0 - kh_kw.q * s.dil_h;  // = oh * stride_h if this tap hit (ih, iw)
        const int tw = col.tw0 - kh_kw.r * s.dil_w;
        if (th < 0 || tw < 0) return 0.0f;
        const QuotRem oh = divide(th, s.div_stride_h), ow = divide(tw, s.div_stride_w);
        if (oh.r != 0 || ow.r != 0 || oh.q >= s.out_h || ow.q >= s.out_w) return 0.0f;
        return col.image[(o_tap.q * s.out_h + oh.q) * s.out_w + ow.q];
    }

    __device__ void store(int m, int n, float v) const {
        const QuotRem b_p = divide(n, s.div_in_plane);  // p = ih*in_w + iw
        dx[(b_p.q * s.in_c + m) * s.div_in_plane.d + b_p.r] = v + (bias != nullptr ? bias[m] : 0.0f);
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
        const QuotRem b_p = divide(k, s.div_out_plane);
        return dy[(b_p.q * s.out_c + m) * s.div_out_plane.d + b_p.r];
    }

    // Column n = (c, kh, kw): channel c's plane and the tap's offset (kh*d - p, kw*d - p) from a window's origin.
    struct Column {
        int channel;
        int dh, dw;
    };

    __device__ Column column(int n) const {
        const QuotRem c_tap = divide(n, s.div_taps), kh_kw = divide(c_tap.r, s.div_k_w);
        return {c_tap.q * s.div_in_plane.d, kh_kw.q * s.dil_h - s.pad_h, kh_kw.r * s.dil_w - s.pad_w};
    }

    __device__ float b(int k, const Column& col) const {
        const QuotRem b_p = divide(k, s.div_out_plane), oh_ow = divide(b_p.r, s.div_out_w);
        const int ih = oh_ow.q * s.stride_h + col.dh, iw = oh_ow.r * s.stride_w + col.dw;
        if (ih < 0 || ih >= s.in_h || iw < 0 || iw >= s.in_w) return 0.0f;
        return x[b_p.q * s.in_c * s.div_in_plane.d + col.channel + ih * s.in_w + iw];
    }

    __device__ void store(int m, int n, float v) const { out[m * N() + n] = v; }
};

// The reduction range of split z = blockIdx.z of a split-K launch: k in [z*k_chunk, min(K, (z+1)*k_chunk)).
struct SplitRange {
    int k_begin, k_end;
};

__device__ __forceinline__ SplitRange split_range(int K, int k_chunk) {
    const int k_begin = blockIdx.z * k_chunk;
    return {k_begin, min(K, k_begin + k_chunk)};
}

// Stores C[m][n] = v for a block of split z = blockIdx.z: through the pass's own store when the launch has
// one split (workspace null), else as a raw sum into the split's slice of a [splits][M][N] workspace,
// which sum_splits adds up in split order and stores through the pass's store.
template <class Gemm>
__device__ __forceinline__ void store_split(const Gemm& g, float* workspace, int m, int n, float v) {
    if (workspace == nullptr) {
        g.store(m, n, v);
    } else {
        workspace[(blockIdx.z * g.M() + m) * g.N() + n] = v;
    }
}

// C[m][n] = sum over z < splits of workspace[z][m][n], added in increasing z (the same bits on every
// run), stored through the pass's store. A grid-stride loop over the M*N elements.
template <class Gemm>
__device__ __forceinline__ void sum_splits(const Gemm& g, const float* workspace, int splits) {
    const int N = g.N(), count = g.M() * N;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < count; i += gridDim.x * blockDim.x) {
        float sum = 0.0f;
        for (int z = 0; z < splits; ++z) sum += workspace[z * count + i];
        g.store(i / N, i % N, sum);
    }
}

// The entries conv2d_forward_<precision>, conv2d_backward_data_<precision> and
// conv2d_backward_weight_<precision> of a tile implementation gemm_tile_<precision>(gemm, range,
// workspace), expanded where it and THREADS are the including kernel's:
//   y = conv(x, w) + bias (bias may be null);
//   dx = conv^T(dy, w) + bias (bias non-null only for the transposed convolution's forward);
//   dw from dy and x.
// Each pass's grid is (ceil(N/64), ceil(M/64), splits) and split z reduces k in
// [z*k_chunk, min(K, (z+1)*k_chunk)), k_chunk a multiple of 16. With one split (workspace null,
// k_chunk >= K) the block stores its C tile as the pass's output; with more, it writes raw sums to
// workspace [splits][M][N], and the pass's *_sum_splits kernel (conv2d_fp32.cu) adds them up and
// stores them.
#define CONV_ENTRIES(precision)                                                                                      \
    extern "C" __global__ void __launch_bounds__(THREADS)                                                            \
    conv2d_forward_##precision(const float* x, const float* w, const float* bias, float* y, float* workspace,        \
                               ConvShape s, int k_chunk) {                                                           \
        const ForwardGemm g{x, w, bias, y, s};                                                                       \
        gemm_tile_##precision(g, split_range(g.K(), k_chunk), workspace);                                            \
    }                                                                                                                \
    extern "C" __global__ void __launch_bounds__(THREADS)                                                            \
    conv2d_backward_data_##precision(const float* dy, const float* w, const float* bias, float* dx,                  \
                                     float* workspace, ConvShape s, int k_chunk) {                                   \
        const BackwardDataGemm g{dy, w, bias, dx, s};                                                                \
        gemm_tile_##precision(g, split_range(g.K(), k_chunk), workspace);                                            \
    }                                                                                                                \
    extern "C" __global__ void __launch_bounds__(THREADS)                                                            \
    conv2d_backward_weight_##precision(const float* dy, const float* x, float* dw, float* workspace, ConvShape s,    \
                                       int k_chunk) {                                                                \
        const BackwardWeightGemm g{dy, x, dw, s};                                                                    \
        gemm_tile_##precision(g, split_range(g.K(), k_chunk), workspace);                                            \
    }
