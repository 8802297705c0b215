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

// Backward to the input by sub-pixel phases, for strides above 1 with dilation 1 where the strides divide
// the input and kernel sizes (ConvShape's phase divisors). Tap kh reaches input row ih only when
// ih + p - kh is a multiple of s, i.e. kh = r (mod s) for the row's phase r = (ih + p) mod s, so the
// plain BackwardDataGemm multiplies (s - 1)/s of its taps by zeros. One GEMM per phase (r_h, r_w),
// blockIdx.z = phase * splits + split, takes only the phase's rows and taps:
//   rows ih = ih0 + s*j, ih0 = (r - p) mod s, j < in_h/s;   taps kh = r + s*t, t < k_h/s;
//   oh = (ih + p - kh) / s = q0 + j - t, q0 = (ih0 + p - r) / s   (exact; likewise along w)
//   M = in_c, N = batch*(in_h/s_h)*(in_w/s_w), K = out_c*(k_h/s_h)*(k_w/s_w)
//   A[c][(o,th,tw)]          = w[o][c][r_h + s_h*th][r_w + s_w*tw]
//   B[(o,th,tw)][(b,jh,jw)]  = dy[b][o][q0_h + jh - th][q0_w + jw - tw], or 0 outside dy
//   C[c][(b,jh,jw)]          -> dx[b][c][ih0_h + s_h*jh][iw0_w + s_w*jw] (+ bias[c])
// Its products are the plain GEMM's nonzero ones in the same order of k, and adding a zero product
// leaves a float sum unchanged (but for the sign of a zero sum), so an unsplit pass gives the plain
// pass's values with 1/(s_h*s_w) of its multiply-adds. Split-K sums go to the plain pass's workspace
// layout [splits][in_c][batch*in_h*in_w], so that pass's sum_splits finishes them.
struct PhasedBackwardDataGemm {
    const float* __restrict__ dy;
    const float* __restrict__ w;
    const float* __restrict__ bias;  // may be null
    float* __restrict__ dx;
    ConvShape s;
    int r_h, r_w;    // the phase
    int ih0, iw0;    // its first input row and column
    int q0_h, q0_w;  // (ih0 + p_h - r_h) / s_h and (iw0 + p_w - r_w) / s_w

    __device__ PhasedBackwardDataGemm(const float* dy, const float* w, const float* bias, float* dx,
                                      const ConvShape& s, int phase)
        : dy(dy), w(w), bias(bias), dx(dx), s(s) {
        r_h = phase / s.stride_w;
        r_w = phase - r_h * s.stride_w;
        ih0 = ((r_h - s.pad_h) % s.stride_h + s.stride_h) % s.stride_h;
        iw0 = ((r_w - s.pad_w) % s.stride_w + s.stride_w) % s.stride_w;
        q0_h = (ih0 + s.pad_h - r_h) / s.stride_h;
        q0_w = (iw0 + s.pad_w - r_w) / s.stride_w;
    }

    __device__ int M() const { return s.in_c; }
    __device__ int N() const { return s.batch * s.div_phase_plane.d; }
    __device__ int K() const { return s.out_c * s.div_phase_taps.d; }

    __device__ float a(int m, int k) const {
        const QuotRem o_t = divide(k, s.div_phase_taps), th_tw = divide(o_t.r, s.div_phase_k_w);
        const int kh = r_h + th_tw.q * s.stride_h, kw = r_w + th_tw.r * s.stride_w;
        return w[(o_t.q * s.in_c + m) * s.div_taps.d + kh * s.k_w + kw];
    }

    // Column n = (b, jh, jw): image b of dy and the window row and column q0 + j that tap 0 reads.
    struct Column {
        const float* image;
        int qh, qw;
    };

    __device__ Column column(int n) const {
        const QuotRem b_p = divide(n, s.div_phase_plane), jh_jw = divide(b_p.r, s.div_phase_w);
        return {dy + b_p.q * s.out_c * s.div_out_plane.d, q0_h + jh_jw.q, q0_w + jh_jw.r};
    }

    __device__ float b(int k, const Column& col) const {
        const QuotRem o_t = divide(k, s.div_phase_taps), th_tw = divide(o_t.r, s.div_phase_k_w);
        const int oh = col.qh - th_tw.q, ow = col.qw - th_tw.r;
        if (oh < 0 || oh >= s.out_h || ow < 0 || ow >= s.out_w) return 0.0f;
        return col.image[(o_t.q * s.out_h + oh) * s.out_w + ow];
    }

    // Column n's pixel: its image b (q) and its place ih * in_w + iw in the image's planes (r).
    __device__ QuotRem pixel(int n) const {
        const QuotRem b_p = divide(n, s.div_phase_plane), jh_jw = divide(b_p.r, s.div_phase_w);
        return {b_p.q, (ih0 + jh_jw.q * s.stride_h) * s.in_w + iw0 + jh_jw.r * s.stride_w};
    }

    __device__ void store(int m, int n, float v) const {
        const QuotRem b_p = pixel(n);
        dx[(b_p.q * s.in_c + m) * s.div_in_plane.d + b_p.r] = v + (bias != nullptr ? bias[m] : 0.0f);
    }

    // Where split z's sum of C[m][n] goes: the plain pass's [splits][in_c][batch*in_h*in_w] workspace.
    __device__ int split_slot(int z, int m, int n) const {
        const QuotRem b_p = pixel(n);
        return (z * s.in_c + m) * (s.batch * s.div_in_plane.d) + b_p.q * s.div_in_plane.d + b_p.r;
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

// Split z of a split-K launch: it reduces k in [z*k_chunk, min(K, (z+1)*k_chunk)).
struct SplitRange {
    int split;
    int k_begin, k_end;
};

__device__ __forceinline__ SplitRange split_range(int K, int k_chunk, int split) {
    const int k_begin = split * k_chunk;
    return {split, k_begin, min(K, k_begin + k_chunk)};
}

// Where split z's sum of C[m][n] goes in a split-K workspace: [splits][M][N], C's own layout.
template <class Gemm>
__device__ __forceinline__ int split_slot(const Gemm& g, int z, int m, int n) {
    return (z * g.M() + m) * g.N() + n;
}

// The phased input gradient writes the plain input gradient's workspace layout.
__device__ __forceinline__ int split_slot(const PhasedBackwardDataGemm& g, int z, int m, int n) {
    return g.split_slot(z, m, n);
}

// Stores C[m][n] = v for a block of split z: through the pass's own store when the launch has one
// split (workspace null), else as a raw sum into the split's slice of the workspace, which sum_splits
// adds up in split order and stores through the pass's store.
template <class Gemm>
__device__ __forceinline__ void store_split(const Gemm& g, float* workspace, int z, int m, int n, float v) {
    if (workspace == nullptr) {
        g.store(m, n, v);
    } else {
        workspace[split_slot(g, z, m, n)] = v;
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

// The entries conv2d_forward_<precision>, conv2d_backward_data_<precision>,
// conv2d_backward_data_phased_<precision> and conv2d_backward_weight_<precision> of a tile implementation
// gemm_tile_<precision>(gemm, range, workspace), expanded where it and THREADS are the including kernel's:
//   y = conv(x, w) + bias (bias may be null);
//   dx = conv^T(dy, w) + bias (bias non-null only for the transposed convolution's forward), plain or by
//   sub-pixel phases;
//   dw from dy and x.
// Each pass's grid is (ceil(N/TILE), ceil(M/TILE), splits), the phased pass's (ceil(N/TILE), ceil(M/TILE),
// phases * splits) with N and K a phase's, TILE being the including kernel's, and split z reduces k in [z*k_chunk, min(K, (z+1)*k_chunk)),
// k_chunk a multiple of 16. With one split (workspace null, k_chunk >= K) the block stores its C tile as
// the pass's output; with more, it writes raw sums to the workspace (split_slot), and the pass's
// *_sum_splits kernel (conv2d_fp32.cu; the plain input gradient's for the phased one) adds them up and
// stores them.
#define CONV_ENTRIES(precision)                                                                                      \
    extern "C" __global__ void __launch_bounds__(THREADS)                                                            \
    conv2d_forward_##precision(const float* x, const float* w, const float* bias, float* y, float* workspace,        \
                               ConvShape s, int k_chunk) {                                                           \
        const ForwardGemm g{x, w, bias, y, s};                                                                       \
        gemm_tile_##precision(g, split_range(g.K(), k_chunk, blockIdx.z), workspace);                                \
    }                                                                                                                \
    extern "C" __global__ void __launch_bounds__(THREADS)                                                            \
    conv2d_backward_data_##precision(const float* dy, const float* w, const float* bias, float* dx,                  \
                                     float* workspace, ConvShape s, int k_chunk) {                                   \
        const BackwardDataGemm g{dy, w, bias, dx, s};                                                                \
        gemm_tile_##precision(g, split_range(g.K(), k_chunk, blockIdx.z), workspace);                                \
    }                                                                                                                \
    extern "C" __global__ void __launch_bounds__(THREADS)                                                            \
    conv2d_backward_data_phased_##precision(const float* dy, const float* w, const float* bias, float* dx,           \
                                            float* workspace, ConvShape s, int k_chunk, int splits) {                \
        const int phase = blockIdx.z / splits;                                                                       \
        const PhasedBackwardDataGemm g(dy, w, bias, dx, s, phase);                                                   \
        gemm_tile_##precision(g, split_range(g.K(), k_chunk, blockIdx.z - phase * splits), workspace);               \
    }                                                                                                                \
    extern "C" __global__ void __launch_bounds__(THREADS)                                                            \
    conv2d_backward_weight_##precision(const float* dy, const float* x, float* dw, float* workspace, ConvShape s,    \
                                       int k_chunk) {                                                                \
        const BackwardWeightGemm g{dy, x, dw, s};                                                                    \
        gemm_tile_##precision(g, split_range(g.K(), k_chunk, blockIdx.z), workspace);                                \
    }
