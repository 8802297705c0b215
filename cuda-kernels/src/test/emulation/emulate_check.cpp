// Runs the CUDA kernels on the CPU (host_cuda.h, mma.h) against float64 references.
// Catches indexing, tiling, bounds and synchronisation-order mistakes without a GPU; it says
// nothing about the hardware's own behaviour, which the GPU tests cover.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "host_cuda.h"
#include "conv_shape.cuh"

extern "C" {
void conv2d_forward_fp32(const float* x, const float* w, const float* bias, float* y, float* workspace, ConvShape s,
                         int k_chunk);
void conv2d_forward_tf32(const float* x, const float* w, const float* bias, float* y, float* workspace, ConvShape s,
                         int k_chunk);
void conv2d_backward_data_fp32(const float* dy, const float* w, const float* bias, float* dx, float* workspace,
                               ConvShape s, int k_chunk);
void conv2d_backward_data_tf32(const float* dy, const float* w, const float* bias, float* dx, float* workspace,
                               ConvShape s, int k_chunk);
void conv2d_backward_weight_fp32(const float* dy, const float* x, float* dw, float* workspace, ConvShape s,
                                 int k_chunk);
void conv2d_backward_weight_tf32(const float* dy, const float* x, float* dw, float* workspace, ConvShape s,
                                 int k_chunk);
void conv2d_forward_fp32_large(const float* x, const float* w, const float* bias, float* y, float* workspace,
                               ConvShape s, int k_chunk);
void conv2d_backward_data_fp32_large(const float* dy, const float* w, const float* bias, float* dx, float* workspace,
                                     ConvShape s, int k_chunk);
void conv2d_backward_data_phased_fp32_large(const float* dy, const float* w, const float* bias, float* dx,
                                            float* workspace, ConvShape s, int k_chunk, int splits);
void conv2d_backward_weight_fp32_large(const float* dy, const float* x, float* dw, float* workspace, ConvShape s,
                                       int k_chunk);
void conv2d_forward_tf32_large(const float* x, const float* w, const float* bias, float* y, float* workspace,
                               ConvShape s, int k_chunk);
void conv2d_backward_data_tf32_large(const float* dy, const float* w, const float* bias, float* dx, float* workspace,
                                     ConvShape s, int k_chunk);
void conv2d_backward_data_phased_tf32_large(const float* dy, const float* w, const float* bias, float* dx,
                                            float* workspace, ConvShape s, int k_chunk, int splits);
void conv2d_backward_weight_tf32_large(const float* dy, const float* x, float* dw, float* workspace, ConvShape s,
                                       int k_chunk);
void conv2d_forward_sum_splits(const float* workspace, const float* bias, float* y, ConvShape s, int splits);
void conv2d_backward_data_sum_splits(const float* workspace, const float* bias, float* dx, ConvShape s, int splits);
void conv2d_backward_weight_sum_splits(const float* workspace, float* dw, ConvShape s, int splits);
void conv2d_forward_narrow(const float* x, const float* w, const float* bias, float* y, ConvShape s);
void conv2d_backward_data_narrow(const float* dy, const float* w, const float* bias, float* dx, ConvShape s);
void conv2d_forward_narrow_deep(const float* x, const float* w, const float* bias, float* y, ConvShape s);
void conv2d_backward_data_narrow_deep(const float* dy, const float* w, const float* bias, float* dx, ConvShape s);
void conv2d_backward_data_phased_fp32(const float* dy, const float* w, const float* bias, float* dx, float* workspace,
                                      ConvShape s, int k_chunk, int splits);
void conv2d_backward_data_phased_tf32(const float* dy, const float* w, const float* bias, float* dx, float* workspace,
                                      ConvShape s, int k_chunk, int splits);
void conv2d_backward_data_phased_narrow(const float* dy, const float* w, const float* bias, float* dx, ConvShape s);
void conv2d_backward_data_phased_narrow_deep(const float* dy, const float* w, const float* bias, float* dx,
                                             ConvShape s);
void bias_add_nchw(float* y, const float* bias, int channels, int plane, int n);
void axpy(const float* x, float* y, float alpha, int n);
void relu_forward(const float* x, float* y, int n);
void relu_backward(const float* dy, const float* x, float* dx, int n);
void leaky_relu_forward(const float* x, float* y, float slope, int n);
void leaky_relu_backward(const float* dy, const float* x, float* dx, float slope, int n);
void tanh_forward(const float* x, float* y, int n);
void tanh_backward(const float* dy, const float* y, float* dx, int n);
void channel_sum_nchw(const float* x, float* out, int batch, int channels, int plane);
void batch_norm_stats_nchw(const float* x, float* mean, float* invstd, float* running_mean, float* running_var,
                           float momentum, float eps, int batch, int channels, int plane);
void batch_norm_apply_nchw(const float* x, float* y, const float* mean, const float* invstd, const float* gamma,
                           const float* beta, int channels, int plane, int n);
void batch_norm_backward_sums_nchw(const float* dy, const float* x, const float* mean, const float* invstd,
                                   float* sum_dy, float* sum_dy_xhat, int batch, int channels, int plane);
void batch_norm_backward_input_nchw(const float* dy, const float* x, const float* mean, const float* invstd,
                                    const float* gamma, const float* sum_dy, const float* sum_dy_xhat, float* dx,
                                    int channels, int plane, int count, int n);
void adam_step(float* p, const float* grad, float* m, float* v, float step_size, float bias_correction2_sqrt,
               float lerp_weight, float grad_weight, float beta2, float eps, float weight_decay, int n);
void bce_with_logits_forward(const float* x, float target, float* loss, int n);
void bce_with_logits_backward(const float* x, float target, const float* dloss, float* dx, int n);
void hinge_forward(const float* x, float sign, float* loss, int n);
void hinge_backward(const float* x, float sign, const float* dloss, float* dx, int n);
void negative_mean_forward(const float* x, float* loss, int n);
void negative_mean_backward(const float* dloss, float* dx, int n);
void spectral_matvec_t(const float* w, const float* u, float* t, int rows, int cols);
void spectral_matvec(const float* w, const float* v, float* s, int rows, int cols);
void spectral_normalise(const float* x, float* out, float eps, float* sigma, int n);
void spectral_scale(const float* w, const float* sigma, float* y, int n);
void spectral_dot_partials(const float* a, const float* b, float* partials, int n);
void spectral_normalise_backward(const float* dy, const float* u, const float* v, const float* sigma,
                                 const float* dot_partials, int parts, float* dw, int rows, int cols);
#define GEMM_SIGNATURE(name)                                                                                       \
    void name(const float* a, const float* b, const float* bias, float* c, int M, int N, int K, float alpha,        \
              float beta, int lda, int ldb, int ldc, int stride_a, int stride_b, int stride_c)
GEMM_SIGNATURE(gemm_nn_fp32);
GEMM_SIGNATURE(gemm_nt_fp32);
GEMM_SIGNATURE(gemm_tn_fp32);
GEMM_SIGNATURE(gemm_tt_fp32);
GEMM_SIGNATURE(gemm_nn_tf32);
GEMM_SIGNATURE(gemm_nt_tf32);
GEMM_SIGNATURE(gemm_tn_tf32);
GEMM_SIGNATURE(gemm_tt_tf32);
void upsample_nearest2x_nchw(const float* x, float* y, int h, int w, int n);
void add_nearest_nchw(const float* x, float* y, int channels, int x_channels, int h, int w, int factor, int n);
void first_channels_nchw(const float* x, float* y, int channels, int x_channels, int plane, int n);
void label_planes_nchw(const float* labels, float* planes, int classes, int plane, int n);
void blend(float keep, float* average, float take, const float* value, int n);
void max_pool2x2_nchw(const float* x, float* y, int h, int w, int n);
void norm_relu_nchw(const float* x, float* y, const float* mean, const float* var, const float* gain,
                    const float* offset, float eps, int channels, int plane, int affine_stride);
void softmax_rows(const float* x, float* y, int n);
void concat_rows(const float* a, const float* b, float* out, int a_cols, int b_cols, int n);
}

namespace {

int failures = 0;
std::mt19937 rng(12345);

std::vector<float> random_values(size_t n) {
    std::normal_distribution<float> normal(0.0f, 1.0f);
    std::vector<float> v(n);
    for (float& e : v) e = normal(rng);
    return v;
}

std::vector<float> poisoned(size_t n) { return std::vector<float>(n, std::numeric_limits<float>::quiet_NaN()); }

void check(const std::string& what, const std::vector<float>& got, const std::vector<double>& want, double tol) {
    double diff = 0, norm = 0;
    for (size_t i = 0; i < want.size(); ++i) {
        if (!std::isfinite(got[i])) {
            std::printf("FAIL %s: element %zu is %f (unwritten?)\n", what.c_str(), i, got[i]);
            ++failures;
            return;
        }
        diff += (got[i] - want[i]) * (got[i] - want[i]);
        norm += want[i] * want[i];
    }
    double err = norm == 0 ? std::sqrt(diff) : std::sqrt(diff / norm);
    bool ok = err <= tol;
    if (!ok) ++failures;
    std::printf("%s %-58s rel L2 %.2e\n", ok ? "ok  " : "FAIL", what.c_str(), err);
}

// As check, with the error measured against the operands' magnitudes instead of the result's: for a
// result computed as a difference of float values, which rounding makes inexact near cancellation.
void check_against_operands(const std::string& what, const std::vector<float>& got, const std::vector<double>& want,
                            const std::vector<double>& operands, double tol) {
    double diff = 0, norm = 0;
    bool finite = true;
    for (size_t i = 0; i < want.size(); ++i) {
        finite &= std::isfinite(got[i]);
        diff += (got[i] - want[i]) * (got[i] - want[i]);
        norm += operands[i] * operands[i];
    }
    const double err = std::sqrt(diff / norm);
    const bool ok = finite && err <= tol;
    if (!ok) ++failures;
    std::printf("%s %-58s L2 / operands %.2e\n", ok ? "ok  " : "FAIL", what.c_str(), err);
}

// got holds the same floats as want, element by element.
void check_same(const std::string& what, const std::vector<float>& got, const std::vector<float>& want) {
    size_t differ = 0;
    for (size_t i = 0; i < want.size(); ++i) differ += got[i] != want[i];
    if (differ > 0) ++failures;
    std::printf("%s %-58s %zu of %zu differ\n", differ == 0 ? "ok  " : "FAIL", what.c_str(), differ, want.size());
}

int ceil_div(int a, int b) { return (a + b - 1) / b; }

struct Ref {
    const ConvShape& s;
    int in_index(int b, int c, int h, int w) const { return ((b * s.in_c + c) * s.in_h + h) * s.in_w + w; }
    int out_index(int b, int o, int h, int w) const { return ((b * s.out_c + o) * s.out_h + h) * s.out_w + w; }
    int w_index(int o, int c, int kh, int kw) const { return ((o * s.in_c + c) * s.k_h + kh) * s.k_w + kw; }

    // Calls f(b, o, c, oh, ow, kh, kw, ih, iw) for every in-image tap of the convolution.
    template <class F> void taps(F f) const {
        for (int b = 0; b < s.batch; ++b)
            for (int o = 0; o < s.out_c; ++o)
                for (int oh = 0; oh < s.out_h; ++oh)
                    for (int ow = 0; ow < s.out_w; ++ow)
                        for (int c = 0; c < s.in_c; ++c)
                            for (int kh = 0; kh < s.k_h; ++kh)
                                for (int kw = 0; kw < s.k_w; ++kw) {
                                    int ih = oh * s.stride_h - s.pad_h + kh * s.dil_h;
                                    int iw = ow * s.stride_w - s.pad_w + kw * s.dil_w;
                                    if (ih >= 0 && ih < s.in_h && iw >= 0 && iw < s.in_w) f(b, o, c, oh, ow, kh, kw, ih, iw);
                                }
    }
};

// Whether the launcher runs the input gradient by sub-pixel phases (dev.jgan.cuda.ConvShape.phased):
// a stride above 1, dilation 1, and strides that divide the input and kernel sizes.
bool phased(const ConvShape& s) {
    return (s.stride_h > 1 || s.stride_w > 1) && s.dil_h == 1 && s.dil_w == 1 && s.in_h % s.stride_h == 0 &&
           s.in_w % s.stride_w == 0 && s.k_h % s.stride_h == 0 && s.k_w % s.stride_w == 0;
}

// The input gradient by sub-pixel phases, every phase in one launch (grid z over phase and split): tiles in both
// precisions, whole and split into chunks of 32 finished by the plain pass's summing kernel, and the narrow
// kernels. Unsplit in float32 it adds the plain pass's nonzero products in the same order: the same values.
void phased_backward_data_case(const ConvShape& s, const std::string& at, const std::vector<float>& dy,
                               const std::vector<float>& w, const std::vector<float>& bias_in,
                               const std::vector<double>& want, const std::vector<float>& plain_fp32) {
    const unsigned phases = s.stride_h * s.stride_w;
    const int m = s.in_c, n = s.batch * (s.in_h / s.stride_h) * (s.in_w / s.stride_w);
    const int k = s.out_c * (s.k_h / s.stride_h) * (s.k_w / s.stride_w);
    const int all_pixels = s.batch * s.in_h * s.in_w;
    const std::string label = at + "backward data by " + std::to_string(phases) + " phases";
    struct Variant {
        decltype(&conv2d_backward_data_phased_fp32) tile;
        unsigned threads;
        int tile_size;
        bool tf32;
        const char* name;
    };
    for (const Variant& v : {Variant{conv2d_backward_data_phased_fp32, 256, 64, false, " fp32"},
                             Variant{conv2d_backward_data_phased_tf32, 128, 64, true, " tf32"},
                             Variant{conv2d_backward_data_phased_fp32_large, 256, 128, false, " fp32 large"},
                             Variant{conv2d_backward_data_phased_tf32_large, 256, 128, true, " tf32 large"}}) {
        const auto tile = v.tile;
        const std::string precision = v.name;
        const double tolerance = v.tf32 ? 1e-2 : 1e-5;
        const unsigned tiles_x = ceil_div(n, v.tile_size), tiles_y = ceil_div(m, v.tile_size);
        auto out = poisoned(want.size());
        emulate_launch(dim3{tiles_x, tiles_y, phases}, v.threads,
                       [&] { tile(dy.data(), w.data(), bias_in.data(), out.data(), nullptr, s, k, 1); });
        check(label + precision, out, want, tolerance);
        if (!v.tf32) check_same(label + precision + " = plain fp32", out, plain_fp32);

        const int chunk = 32, splits = ceil_div(k, chunk);
        auto workspace = poisoned((size_t)splits * m * all_pixels);
        out = poisoned(want.size());
        emulate_launch(dim3{tiles_x, tiles_y, phases * splits}, v.threads,
                       [&] { tile(dy.data(), w.data(), bias_in.data(), out.data(), workspace.data(), s, chunk, splits); });
        emulate_launch(dim3{(unsigned)ceil_div(m * all_pixels, 256), 1, 1}, 256, [&] {
            conv2d_backward_data_sum_splits(workspace.data(), bias_in.data(), out.data(), s, splits);
        });
        check(label + precision + ", " + std::to_string(splits) + " splits", out, want, tolerance);
    }
    if (m <= 4) {
        auto narrow = poisoned(want.size());
        emulate_launch(dim3{(unsigned)ceil_div(n, 256), 1, phases}, 256, [&] {
            conv2d_backward_data_phased_narrow(dy.data(), w.data(), bias_in.data(), narrow.data(), s);
        });
        check(label + " narrow", narrow, want, 1e-5);
        check_same(label + " narrow = plain fp32", narrow, plain_fp32);
    }
    if (m <= 4 && all_pixels <= 256) {
        auto deep = poisoned(want.size());
        emulate_launch(dim3{(unsigned)n, 1, phases}, 256, [&] {
            conv2d_backward_data_phased_narrow_deep(dy.data(), w.data(), bias_in.data(), deep.data(), s);
        });
        check(label + " narrow, block per pixel", deep, want, 1e-5);
    }
}

void conv_case(ConvShape s, const char* name) {
    Ref ref{s};
    size_t nx = (size_t)s.batch * s.in_c * s.in_h * s.in_w, ny = (size_t)s.batch * s.out_c * s.out_h * s.out_w;
    size_t nw = (size_t)s.out_c * s.in_c * s.k_h * s.k_w;
    auto x = random_values(nx), w = random_values(nw), dy = random_values(ny);
    auto bias = random_values(s.out_c), bias_in = random_values(s.in_c);

    std::vector<double> y_ref(ny), dx_ref(nx), dw_ref(nw);
    for (int b = 0; b < s.batch; ++b)
        for (int o = 0; o < s.out_c; ++o)
            for (int p = 0; p < s.out_h * s.out_w; ++p) y_ref[(b * s.out_c + o) * s.out_h * s.out_w + p] = bias[o];
    for (int b = 0; b < s.batch; ++b)
        for (int c = 0; c < s.in_c; ++c)
            for (int p = 0; p < s.in_h * s.in_w; ++p) dx_ref[(b * s.in_c + c) * s.in_h * s.in_w + p] = bias_in[c];
    ref.taps([&](int b, int o, int c, int oh, int ow, int kh, int kw, int ih, int iw) {
        y_ref[ref.out_index(b, o, oh, ow)] += (double)w[ref.w_index(o, c, kh, kw)] * x[ref.in_index(b, c, ih, iw)];
        dx_ref[ref.in_index(b, c, ih, iw)] += (double)w[ref.w_index(o, c, kh, kw)] * dy[ref.out_index(b, o, oh, ow)];
        dw_ref[ref.w_index(o, c, kh, kw)] += (double)dy[ref.out_index(b, o, oh, ow)] * x[ref.in_index(b, c, ih, iw)];
    });

    const int M = s.out_c, N = s.batch * s.out_h * s.out_w;
    const std::string at = std::string(name) + " ";

    // The tiled passes, each in both precisions and both tile sizes, whole and split along K into chunks of 32
    // (smaller than the launcher's, to have many splits) finished by the pass's *_sum_splits kernel. Unsplit,
    // the two tilings of a precision make the same sums.
    using Tile = std::function<void(float* out, float* workspace, int k_chunk)>;
    using Finish = std::function<void(const float* workspace, float* out, int splits)>;
    struct Pass {
        const char* label;
        int m, n, k;
        const std::vector<double>& want;
        Tile fp32, tf32, fp32_large, tf32_large;
        Finish finish;
    };
    const Pass passes[] = {
        {"forward", M, N, s.in_c * s.k_h * s.k_w, y_ref,
         [&](float* out, float* ws, int c) { conv2d_forward_fp32(x.data(), w.data(), bias.data(), out, ws, s, c); },
         [&](float* out, float* ws, int c) { conv2d_forward_tf32(x.data(), w.data(), bias.data(), out, ws, s, c); },
         [&](float* out, float* ws, int c) {
             conv2d_forward_fp32_large(x.data(), w.data(), bias.data(), out, ws, s, c);
         },
         [&](float* out, float* ws, int c) {
             conv2d_forward_tf32_large(x.data(), w.data(), bias.data(), out, ws, s, c);
         },
         [&](const float* ws, float* out, int z) { conv2d_forward_sum_splits(ws, bias.data(), out, s, z); }},
        {"backward data (+bias, transposed fwd)", s.in_c, s.batch * s.in_h * s.in_w, s.out_c * s.k_h * s.k_w, dx_ref,
         [&](float* out, float* ws, int c) {
             conv2d_backward_data_fp32(dy.data(), w.data(), bias_in.data(), out, ws, s, c);
         },
         [&](float* out, float* ws, int c) {
             conv2d_backward_data_tf32(dy.data(), w.data(), bias_in.data(), out, ws, s, c);
         },
         [&](float* out, float* ws, int c) {
             conv2d_backward_data_fp32_large(dy.data(), w.data(), bias_in.data(), out, ws, s, c);
         },
         [&](float* out, float* ws, int c) {
             conv2d_backward_data_tf32_large(dy.data(), w.data(), bias_in.data(), out, ws, s, c);
         },
         [&](const float* ws, float* out, int z) { conv2d_backward_data_sum_splits(ws, bias_in.data(), out, s, z); }},
        {"backward weight", M, s.in_c * s.k_h * s.k_w, N, dw_ref,
         [&](float* out, float* ws, int c) { conv2d_backward_weight_fp32(dy.data(), x.data(), out, ws, s, c); },
         [&](float* out, float* ws, int c) { conv2d_backward_weight_tf32(dy.data(), x.data(), out, ws, s, c); },
         [&](float* out, float* ws, int c) { conv2d_backward_weight_fp32_large(dy.data(), x.data(), out, ws, s, c); },
         [&](float* out, float* ws, int c) { conv2d_backward_weight_tf32_large(dy.data(), x.data(), out, ws, s, c); },
         [&](const float* ws, float* out, int z) { conv2d_backward_weight_sum_splits(ws, out, s, z); }},
    };
    std::vector<float> fp32_out[3], tf32_out[3];
    for (int p = 0; p < 3; ++p) {
        const Pass& pass = passes[p];
        const size_t count = pass.want.size();
        struct Variant {
            const Tile& tile;
            bool tf32, large;
        };
        for (const Variant& v : {Variant{pass.fp32, false, false}, Variant{pass.tf32, true, false},
                                 Variant{pass.fp32_large, false, true}, Variant{pass.tf32_large, true, true}}) {
            const Tile& tile = v.tile;
            const unsigned threads = v.tf32 && !v.large ? 128 : 256;
            const int tile_size = v.large ? 128 : 64;
            const double tolerance = v.tf32 ? 1e-2 : 1e-5;
            const std::string label = at + pass.label + (v.tf32 ? " tf32" : " fp32") + (v.large ? " large" : "");
            const dim3 tiles{(unsigned)ceil_div(pass.n, tile_size), (unsigned)ceil_div(pass.m, tile_size), 1};
            auto out = poisoned(count);
            emulate_launch(tiles, threads, [&] { tile(out.data(), nullptr, pass.k); });
            check(label, out, pass.want, tolerance);
            std::vector<float>& small_out = v.tf32 ? tf32_out[p] : fp32_out[p];
            if (!v.large) small_out = out;
            if (v.large) check_same(label + " = small tiles", out, small_out);

            const int chunk = 32, splits = ceil_div(pass.k, chunk);
            auto workspace = poisoned((size_t)splits * pass.m * pass.n);
            out = poisoned(count);
            emulate_launch(dim3{tiles.x, tiles.y, (unsigned)splits}, threads,
                           [&] { tile(out.data(), workspace.data(), chunk); });
            emulate_launch(dim3{(unsigned)ceil_div(pass.m * pass.n, 256), 1, 1}, 256,
                           [&] { pass.finish(workspace.data(), out.data(), splits); });
            check(label + ", " + std::to_string(splits) + " splits", out, pass.want, tolerance);
        }
    }

    // Few output channels: one pixel per thread (the tiled kernel's sums, so its bits), or per block.
    if (M <= 4) {
        auto narrow = poisoned(ny);
        emulate_launch(dim3{(unsigned)ceil_div(N, 256), 1, 1}, 256,
                       [&] { conv2d_forward_narrow(x.data(), w.data(), bias.data(), narrow.data(), s); });
        check(at + "forward narrow", narrow, y_ref, 1e-5);
        check_same(at + "forward narrow = fp32 tiles", narrow, fp32_out[0]);
    }
    if (M <= 4 && N <= 256) {  // a block per pixel: 256 emulated threads each, so only for few pixels
        auto deep = poisoned(ny);
        emulate_launch(dim3{(unsigned)N, 1, 1}, 256,
                       [&] { conv2d_forward_narrow_deep(x.data(), w.data(), bias.data(), deep.data(), s); });
        check(at + "forward narrow, block per pixel", deep, y_ref, 1e-5);
    }
    // Few input channels: the same for the input gradient.
    const int pixels = s.batch * s.in_h * s.in_w;
    if (s.in_c <= 4) {
        auto narrow = poisoned(nx);
        emulate_launch(dim3{(unsigned)ceil_div(pixels, 256), 1, 1}, 256,
                       [&] { conv2d_backward_data_narrow(dy.data(), w.data(), bias_in.data(), narrow.data(), s); });
        check(at + "backward data narrow", narrow, dx_ref, 1e-5);
        check_same(at + "backward data narrow = fp32 tiles", narrow, fp32_out[1]);
    }
    if (s.in_c <= 4 && pixels <= 256) {
        auto deep = poisoned(nx);
        emulate_launch(dim3{(unsigned)pixels, 1, 1}, 256,
                       [&] { conv2d_backward_data_narrow_deep(dy.data(), w.data(), bias_in.data(), deep.data(), s); });
        check(at + "backward data narrow, block per pixel", deep, dx_ref, 1e-5);
    }
    if (phased(s)) phased_backward_data_case(s, at, dy, w, bias_in, dx_ref, fp32_out[1]);
}

// The launcher's FastDivisor (dev.jgan.cuda.FastDivisor): p = 31 + ceil(log2 d), m = ceil(2^p / d).
FastDivisor fast_divisor(int d) {
    const int p = 31 + (d == 1 ? 0 : 32 - __builtin_clz((unsigned)(d - 1)));
    const unsigned long long m = ((1ull << p) + (unsigned long long)d - 1) / (unsigned long long)d;
    return FastDivisor{d, (unsigned)m, p};
}

// FastDivisor::div against the / operator, at the ends of the range and at multiples of d and their neighbours.
void fast_divisor_cases() {
    int wrong = 0, tried = 0;
    std::mt19937 rng(7);
    for (int d : {1, 2, 3, 4, 5, 6, 7, 9, 12, 16, 25, 49, 196, 784, 1000, 4096, 65535, 65536, 65537, 1 << 20,
                  (1 << 30) + 1, 2147483646, 2147483647}) {
        const FastDivisor f = fast_divisor(d);
        std::vector<int> ns = {0, 1, d - 1, 2147483647, 2147483646};
        for (long long q : {1ll, 2ll, 3ll, 1000ll, 2147483647ll / d, 2147483647ll / d - 1})
            for (long long delta : {-1ll, 0ll, 1ll})
                if (q * d + delta >= 0 && q * d + delta <= 2147483647ll) ns.push_back((int)(q * d + delta));
        for (int i = 0; i < 10000; ++i) ns.push_back((int)(rng() >> 1));
        for (int n : ns) {
            ++tried;
            if (f.div(n) != n / d) {
                if (wrong++ < 5) std::printf("FAIL fast divisor %d: %d / %d gave %d\n", d, n, d, f.div(n));
            }
        }
    }
    if (wrong > 0) ++failures;
    std::printf("%s fast divisor, %d quotients%s\n", wrong == 0 ? "ok  " : "FAIL", tried,
                wrong == 0 ? "" : (", " + std::to_string(wrong) + " wrong").c_str());
}

ConvShape shape(int batch, int in_c, int in_h, int in_w, int out_c, int k_h, int k_w, int sh, int sw, int ph, int pw,
                int dh, int dw) {
    int out_h = (in_h + 2 * ph - dh * (k_h - 1) - 1) / sh + 1;
    int out_w = (in_w + 2 * pw - dw * (k_w - 1) - 1) / sw + 1;
    return ConvShape{batch, in_c, in_h, in_w, out_c, out_h, out_w, k_h, k_w, sh, sw, ph, pw, dh, dw,
                     fast_divisor(k_h * k_w), fast_divisor(k_w), fast_divisor(out_h * out_w), fast_divisor(out_w),
                     fast_divisor(in_h * in_w), fast_divisor(in_w), fast_divisor(sh), fast_divisor(sw),
                     fast_divisor(std::max(1, (k_h / sh) * (k_w / sw))), fast_divisor(std::max(1, k_w / sw)),
                     fast_divisor(std::max(1, (in_h / sh) * (in_w / sw))), fast_divisor(std::max(1, in_w / sw))};
}

void elementwise_cases() {
    for (int n : {1, 3, 1000, 70001}) {
        auto x = random_values(n), dy = random_values(n);
        std::vector<double> want(n);
        unsigned blocks = std::min(ceil_div(n, 256), 8);  // few blocks: exercises the grid-stride loop
        std::string at = " n=" + std::to_string(n);
        auto run = [&](const std::function<void()>& k) { emulate_launch(dim3{blocks, 1, 1}, 256, k); };
        auto out = poisoned(n);
        run([&] { relu_forward(x.data(), out.data(), n); });
        for (int i = 0; i < n; ++i) want[i] = x[i] > 0 ? x[i] : 0;
        check("relu" + at, out, want, 1e-6);
        out = poisoned(n);
        run([&] { relu_backward(dy.data(), x.data(), out.data(), n); });
        for (int i = 0; i < n; ++i) want[i] = x[i] > 0 ? dy[i] : 0;
        check("relu backward" + at, out, want, 1e-6);
        out = poisoned(n);
        run([&] { leaky_relu_forward(x.data(), out.data(), 0.2f, n); });
        for (int i = 0; i < n; ++i) want[i] = x[i] > 0 ? x[i] : 0.2 * x[i];
        check("leaky relu" + at, out, want, 1e-6);
        out = poisoned(n);
        run([&] { leaky_relu_backward(dy.data(), x.data(), out.data(), 0.2f, n); });
        for (int i = 0; i < n; ++i) want[i] = x[i] > 0 ? dy[i] : 0.2 * dy[i];
        check("leaky relu backward" + at, out, want, 1e-6);
        out = poisoned(n);
        run([&] { tanh_forward(x.data(), out.data(), n); });
        for (int i = 0; i < n; ++i) want[i] = std::tanh((double)x[i]);
        check("tanh" + at, out, want, 1e-6);
        auto y = out;
        out = poisoned(n);
        run([&] { tanh_backward(dy.data(), y.data(), out.data(), n); });
        for (int i = 0; i < n; ++i) want[i] = dy[i] * (1.0 - (double)y[i] * y[i]);
        check("tanh backward" + at, out, want, 1e-6);
        out = dy;
        run([&] { axpy(x.data(), out.data(), -0.5f, n); });
        for (int i = 0; i < n; ++i) want[i] = dy[i] - 0.5 * x[i];
        check("axpy" + at, out, want, 1e-6);
    }
    const int batch = 3, channels = 5, plane = 37;
    const int n = batch * channels * plane;
    auto y = random_values(n), bias = random_values(channels);
    std::vector<double> sums(channels), added(n);
    for (int i = 0; i < n; ++i) {
        sums[(i / plane) % channels] += y[i];
        added[i] = (double)y[i] + bias[(i / plane) % channels];
    }
    auto out = poisoned(channels);
    emulate_launch(dim3{channels, 1, 1}, 256, [&] { channel_sum_nchw(y.data(), out.data(), batch, channels, plane); });
    check("channel sum", out, sums, 1e-6);
    emulate_launch(dim3{2, 1, 1}, 256, [&] { bias_add_nchw(y.data(), bias.data(), channels, plane, n); });
    check("bias add", y, added, 1e-6);
}

// Training batch norm, forward and backward, against float64 (an odd plane and more values per
// channel than a block has threads), affine and not.
void batch_norm_case(int batch, int channels, int plane, bool affine) {
    const int n = batch * channels * plane, count = batch * plane;
    const float momentum = 0.1f, eps = 1e-5f;
    auto x = random_values(n), dy = random_values(n), gamma = random_values(channels), beta = random_values(channels);
    for (float& e : x) e = 3.0f + 2.0f * e;  // a mean far from zero tests the centred variance
    std::vector<float> running_mean(channels, 0.5f), running_var(channels, 2.0f);
    std::vector<double> mean(channels), var(channels), invstd(channels), want_rm(channels), want_rv(channels);
    for (int c = 0; c < channels; ++c) {
        double s = 0, sq = 0;
        for (int b = 0; b < batch; ++b)
            for (int p = 0; p < plane; ++p) s += x[(b * channels + c) * plane + p];
        mean[c] = s / count;
        for (int b = 0; b < batch; ++b)
            for (int p = 0; p < plane; ++p) sq += std::pow(x[(b * channels + c) * plane + p] - mean[c], 2);
        var[c] = sq / count;
        invstd[c] = 1.0 / std::sqrt(var[c] + eps);
        want_rm[c] = 0.9 * 0.5 + 0.1 * mean[c];
        want_rv[c] = 0.9 * 2.0 + 0.1 * var[c] * count / (count - 1);
    }
    std::string at = " " + std::to_string(batch) + "x" + std::to_string(channels) + "x" + std::to_string(plane)
            + (affine ? " affine" : "");
    auto got_mean = poisoned(channels), got_invstd = poisoned(channels);
    emulate_launch(dim3{(unsigned)channels, 1, 1}, 256, [&] {
        batch_norm_stats_nchw(x.data(), got_mean.data(), got_invstd.data(), running_mean.data(), running_var.data(),
                              momentum, eps, batch, channels, plane);
    });
    check("batch norm mean" + at, got_mean, mean, 1e-6);
    check("batch norm invstd" + at, got_invstd, invstd, 1e-5);
    check("batch norm running mean" + at, running_mean, want_rm, 1e-6);
    check("batch norm running var" + at, running_var, want_rv, 1e-5);

    const float* g = affine ? gamma.data() : nullptr;
    const float* bt = affine ? beta.data() : nullptr;
    std::vector<double> want_y(n), want_dx(n), sum_dy(channels), sum_dy_xhat(channels);
    for (int i = 0; i < n; ++i) {
        int c = (i / plane) % channels;
        double xhat = (x[i] - mean[c]) * invstd[c];
        want_y[i] = affine ? xhat * gamma[c] + beta[c] : xhat;
        sum_dy[c] += dy[i];
        sum_dy_xhat[c] += dy[i] * xhat;
    }
    for (int i = 0; i < n; ++i) {
        int c = (i / plane) % channels;
        double xhat = (x[i] - mean[c]) * invstd[c];
        want_dx[i] = (affine ? gamma[c] : 1.0) * invstd[c] * (dy[i] - sum_dy[c] / count - xhat * sum_dy_xhat[c] / count);
    }
    unsigned blocks = std::min(ceil_div(n, 256), 8);
    auto y = poisoned(n);
    emulate_launch(dim3{blocks, 1, 1}, 256, [&] {
        batch_norm_apply_nchw(x.data(), y.data(), got_mean.data(), got_invstd.data(), g, bt, channels, plane, n);
    });
    check("batch norm apply" + at, y, want_y, 1e-5);
    auto got_sum_dy = poisoned(channels), got_sum_dy_xhat = poisoned(channels);
    emulate_launch(dim3{(unsigned)channels, 1, 1}, 256, [&] {
        batch_norm_backward_sums_nchw(dy.data(), x.data(), got_mean.data(), got_invstd.data(), got_sum_dy.data(),
                                      got_sum_dy_xhat.data(), batch, channels, plane);
    });
    check("batch norm dbeta" + at, got_sum_dy, sum_dy, 1e-5);
    check("batch norm dgamma" + at, got_sum_dy_xhat, sum_dy_xhat, 1e-5);
    auto dx = poisoned(n);
    emulate_launch(dim3{blocks, 1, 1}, 256, [&] {
        batch_norm_backward_input_nchw(dy.data(), x.data(), got_mean.data(), got_invstd.data(), g, got_sum_dy.data(),
                                       got_sum_dy_xhat.data(), dx.data(), channels, plane, count, n);
    });
    check("batch norm dx" + at, dx, want_dx, 1e-5);
}

// Two Adam steps against the same update in float64 (with and without weight decay).
void adam_case(int n, float weight_decay) {
    const double lr = 2e-3, beta1 = 0.5, beta2 = 0.999, eps = 1e-8;
    auto p = random_values(n), m = random_values(n), v = random_values(n);
    for (float& e : v) e = e * e;
    std::vector<double> want_p(p.begin(), p.end()), want_m(m.begin(), m.end()), want_v(v.begin(), v.end());
    unsigned blocks = std::min(ceil_div(n, 256), 8);
    for (int t = 1; t <= 2; ++t) {
        auto grad = random_values(n);
        double step_size = lr / (1 - std::pow(beta1, t)), bc2 = std::sqrt(1 - std::pow(beta2, t));
        for (int i = 0; i < n; ++i) {
            double g = grad[i] + weight_decay * want_p[i];
            want_m[i] = want_m[i] + (1 - beta1) * (g - want_m[i]);
            want_v[i] = want_v[i] * beta2 + (1 - beta2) * g * g;
            want_p[i] -= step_size * want_m[i] / (std::sqrt(want_v[i]) / bc2 + eps);
        }
        emulate_launch(dim3{blocks, 1, 1}, 256, [&] {
            adam_step(p.data(), grad.data(), m.data(), v.data(), (float)step_size, (float)bc2, (float)(1 - beta1),
                      (float)(1 - beta2), (float)beta2, (float)eps, weight_decay, n);
        });
    }
    std::string at = " n=" + std::to_string(n) + " weight decay " + std::to_string(weight_decay);
    check("adam parameters" + at, p, want_p, 1e-6);
    check("adam first moment" + at, m, want_m, 1e-6);
    check("adam second moment" + at, v, want_v, 1e-6);
}

// The GAN loss and its gradient, against float64, for both targets (logits large enough that
// exp(-x) would overflow without the |x| form).
void bce_case(int n, float target) {
    auto x = random_values(n);
    for (float& e : x) e *= 40.0f;
    // Both results are differences of float values (softplus(x) - x t, sigmoid(x) - t), so near
    // cancellation their error is bounded relative to the operands, not to the result.
    double sum = 0, operand_sum = 0;
    for (float v : x) {
        const double softplus = std::max((double)v, 0.0) + std::log1p(std::exp(-std::fabs((double)v)));
        sum += softplus - (double)v * target;
        operand_sum += softplus + std::fabs((double)v * target);
    }
    std::string at = " n=" + std::to_string(n) + " target " + std::to_string((int)target);
    auto loss = poisoned(1);
    emulate_launch(dim3{1, 1, 1}, 256, [&] { bce_with_logits_forward(x.data(), target, loss.data(), n); });
    check_against_operands("bce with logits" + at, loss, {sum / n}, {operand_sum / n}, 1e-6);
    std::vector<float> dloss{0.75f};
    std::vector<double> want(n), operands(n);
    for (int i = 0; i < n; ++i) {
        const double sigmoid = 1.0 / (1.0 + std::exp(-(double)x[i]));
        want[i] = (sigmoid - target) * 0.75 / n;
        operands[i] = (sigmoid + target) * 0.75 / n;
    }
    auto dx = poisoned(n);
    emulate_launch(dim3{(unsigned)std::min(ceil_div(n, 256), 8), 1, 1}, 256,
                   [&] { bce_with_logits_backward(x.data(), target, dloss.data(), dx.data(), n); });
    check_against_operands("bce with logits gradient" + at, dx, want, operands, 1e-6);
}

// The hinge terms mean(relu(1 + s x)) and -mean(x), and their gradients, against float64.
void hinge_case(int n) {
    auto x = random_values(n);
    for (float& e : x) e *= 2.0f;
    const std::string at = " n=" + std::to_string(n);
    std::vector<float> dloss{0.75f};
    for (float sign : {-1.0f, 1.0f}) {
        double sum = 0;
        std::vector<double> want(n);
        for (int i = 0; i < n; ++i) {
            const double margin = 1.0 + sign * (double)x[i];
            sum += std::max(margin, 0.0);
            want[i] = margin > 0 ? sign * 0.75 / n : 0.0;
        }
        const std::string label = std::string(" sign ") + (sign < 0 ? "-1" : "1") + at;
        auto loss = poisoned(1);
        emulate_launch(dim3{1, 1, 1}, 256, [&] { hinge_forward(x.data(), sign, loss.data(), n); });
        check("hinge" + label, loss, {sum / n}, 1e-6);
        auto dx = poisoned(n);
        emulate_launch(dim3{(unsigned)std::min(ceil_div(n, 256), 8), 1, 1}, 256,
                       [&] { hinge_backward(x.data(), sign, dloss.data(), dx.data(), n); });
        check("hinge gradient" + label, dx, want, 1e-6);
    }
    double sum = 0;
    for (float v : x) sum += v;
    std::vector<double> operand_sum{0};
    for (float v : x) operand_sum[0] += std::fabs((double)v) / n;
    auto loss = poisoned(1);
    emulate_launch(dim3{1, 1, 1}, 256, [&] { negative_mean_forward(x.data(), loss.data(), n); });
    check_against_operands("negative mean" + at, loss, {-sum / n}, operand_sum, 1e-6);
    auto dx = poisoned(n);
    emulate_launch(dim3{(unsigned)std::min(ceil_div(n, 256), 8), 1, 1}, 256,
                   [&] { negative_mean_backward(dloss.data(), dx.data(), n); });
    check("negative mean gradient" + at, dx, std::vector<double>(n, -0.75 / n), 1e-7);
}

// Batched C = alpha op(A) op(B) + beta C (+ bias[n]) against float64, for one transpose combination, in
// float32 or on the (emulated) TF32 tensor cores; leading dimensions pad every row by `pad`, and B is
// shared between batch items when share_b.
void gemm_case(bool tf32, bool trans_a, bool trans_b, int M, int N, int K, int batch, int pad, float alpha,
               float beta, bool with_bias, bool share_b) {
    const int a_rows = trans_a ? K : M, a_cols = trans_a ? M : K;
    const int b_rows = trans_b ? N : K, b_cols = trans_b ? K : N;
    const int lda = a_cols + pad, ldb = b_cols + pad, ldc = N + pad;
    const int stride_a = a_rows * lda, stride_b = share_b ? 0 : b_rows * ldb, stride_c = M * ldc + pad;
    auto a = random_values((size_t)batch * stride_a), b = random_values((size_t)(share_b ? 1 : batch) * b_rows * ldb);
    auto bias = random_values(N);
    auto c = beta != 0 ? random_values((size_t)batch * stride_c) : poisoned((size_t)batch * stride_c);
    std::vector<double> want(c.size());
    std::vector<float> got_cells;
    for (int z = 0; z < batch; ++z)
        for (int m = 0; m < M; ++m)
            for (int n = 0; n < N; ++n) {
                double sum = 0;
                for (int k = 0; k < K; ++k) {
                    double av = trans_a ? a[z * stride_a + k * lda + m] : a[z * stride_a + m * lda + k];
                    double bv = trans_b ? b[z * stride_b + n * ldb + k] : b[z * stride_b + k * ldb + n];
                    sum += av * bv;
                }
                const int at = z * stride_c + m * ldc + n;
                want[at] = alpha * sum + (beta != 0 ? beta * (double)c[at] : 0.0) + (with_bias ? bias[n] : 0.0);
            }
    auto kernel = tf32 ? (trans_a ? (trans_b ? gemm_tt_tf32 : gemm_tn_tf32) : (trans_b ? gemm_nt_tf32 : gemm_nn_tf32))
                       : (trans_a ? (trans_b ? gemm_tt_fp32 : gemm_tn_fp32) : (trans_b ? gemm_nt_fp32 : gemm_nn_fp32));
    emulate_launch(dim3{(unsigned)ceil_div(N, 64), (unsigned)ceil_div(M, 64), (unsigned)batch}, tf32 ? 128 : 256, [&] {
        kernel(a.data(), b.data(), with_bias ? bias.data() : nullptr, c.data(), M, N, K, alpha, beta, lda, ldb, ldc,
               stride_a, stride_b, stride_c);
    });
    // compare the cells of C only: the padding must be left as it was
    std::vector<double> want_cells;
    for (int z = 0; z < batch; ++z)
        for (int m = 0; m < M; ++m)
            for (int n = 0; n < N; ++n) {
                got_cells.push_back(c[z * stride_c + m * ldc + n]);
                want_cells.push_back(want[z * stride_c + m * ldc + n]);
            }
    char name[160];
    std::snprintf(name, sizeof name, "gemm %s %c%c %dx%dx%d batch %d pad %d alpha %g beta %g%s%s", tf32 ? "tf32" : "fp32",
                  trans_a ? 't' : 'n', trans_b ? 't' : 'n', M, N, K, batch, pad, alpha, beta, with_bias ? " bias" : "",
                  share_b ? " shared B" : "");
    check(name, got_cells, want_cells, tf32 ? 1e-2 : 1e-5);
    if (beta == 0) {
        size_t untouched = 0;
        for (int z = 0; z < batch; ++z)
            for (int m = 0; m < M; ++m)
                for (int j = N; j < ldc; ++j) untouched += std::isnan(c[z * stride_c + m * ldc + j]);
        if (untouched != (size_t)batch * M * pad) {
            std::printf("FAIL %s: wrote into the padding of C\n", name);
            ++failures;
        }
    }
}

void gemm_cases() {
    for (bool tf32 : {false, true})
        for (bool ta : {false, true})
            for (bool tb : {false, true}) {
                gemm_case(tf32, ta, tb, 1, 1, 1, 1, 0, 1.0f, 0.0f, false, false);
                gemm_case(tf32, ta, tb, 5, 7, 3, 1, 0, 1.0f, 0.0f, false, false);
                gemm_case(tf32, ta, tb, 65, 67, 33, 3, 0, 1.0f, 0.0f, false, false);
                gemm_case(tf32, ta, tb, 17, 130, 19, 2, 3, 0.5f, 0.0f, true, true);
                gemm_case(tf32, ta, tb, 70, 13, 47, 2, 1, -1.25f, 0.75f, true, false);
            }
    gemm_case(false, false, true, 3, 129, 200, 1, 0, 1.0f, 0.0f, true, false);  // a linear layer: [N, K] x [M, K]^T
    gemm_case(false, true, false, 63, 16, 5, 2, 0, 1.0f, 0.0f, false, false);   // attention logits theta^T phi
}

// Grid-stride launch over n outputs with at most 3 blocks, so that most cases take several passes.
void grid_stride_launch(int n, const std::function<void()>& kernel) {
    emulate_launch(dim3{(unsigned)std::max(1, std::min(ceil_div(n, 256), 3)), 1, 1}, 256, kernel);
}

void upsample_case(int batch, int channels, int x_channels, int h, int w) {
    std::string at = " " + std::to_string(batch) + "x" + std::to_string(x_channels) + "x" + std::to_string(h) + "x"
            + std::to_string(w);
    auto x = random_values((size_t)batch * x_channels * h * w);
    const int n = batch * x_channels * 4 * h * w;
    std::vector<double> want(n);
    for (int p = 0; p < batch * x_channels; ++p)
        for (int r = 0; r < 2 * h; ++r)
            for (int q = 0; q < 2 * w; ++q) want[(p * 2 * h + r) * 2 * w + q] = x[(p * h + r / 2) * w + q / 2];
    auto y = poisoned(n);
    grid_stride_launch(n, [&] { upsample_nearest2x_nchw(x.data(), y.data(), h, w, n); });
    check("upsample nearest 2x" + at, y, want, 0);

    for (int factor : {1, 2}) {
        const int oh = h * factor, ow = w * factor, m = batch * channels * oh * ow;
        auto base = random_values(m);
        std::vector<double> added(m);
        for (int b = 0; b < batch; ++b)
            for (int c = 0; c < channels; ++c)
                for (int r = 0; r < oh; ++r)
                    for (int q = 0; q < ow; ++q) {
                        const int i = ((b * channels + c) * oh + r) * ow + q;
                        added[i] = (double)base[i] + x[((b * x_channels + c) * h + r / factor) * w + q / factor];
                    }
        grid_stride_launch(m, [&] { add_nearest_nchw(x.data(), base.data(), channels, x_channels, h, w, factor, m); });
        check("add first " + std::to_string(channels) + " channels, factor " + std::to_string(factor) + at, base, added,
              1e-7);
    }

    const int plane = h * w, m = batch * channels * plane;
    std::vector<float> first = poisoned(m), first_want(m);
    for (int b = 0; b < batch; ++b)
        for (int i = 0; i < channels * plane; ++i) first_want[b * channels * plane + i] = x[b * x_channels * plane + i];
    grid_stride_launch(m, [&] { first_channels_nchw(x.data(), first.data(), channels, x_channels, plane, m); });
    check_same("first " + std::to_string(channels) + " channels" + at, first, first_want);
}

// average = keep average + take value with both products rounded to float before the sum (no fma): the
// same floats as that expression in C++ without contraction.
void blend_case(int n, float keep) {
    auto average = random_values(n), value = random_values(n);
    const float take = 1.0f - keep;
    std::vector<float> want(n);
    for (int i = 0; i < n; ++i) {
        const volatile float kept = keep * average[i], taken = take * value[i];  // volatile: no contraction
        want[i] = kept + taken;
    }
    grid_stride_launch(n, [&] { blend(keep, average.data(), take, value.data(), n); });
    check_same("blend n=" + std::to_string(n) + " keep " + std::to_string(keep), average, want);
}

// One-hot label planes [batch, classes, plane] from labels held as floats.
void label_planes_case(int batch, int classes, int plane) {
    std::vector<float> labels(batch), want((size_t)batch * classes * plane, 0.0f);
    for (int b = 0; b < batch; ++b) {
        labels[b] = (float)((b * 7 + 3) % classes);
        for (int p = 0; p < plane; ++p) want[((size_t)b * classes + (int)labels[b]) * plane + p] = 1.0f;
    }
    const int n = batch * classes * plane;
    auto planes = poisoned(n);
    grid_stride_launch(n, [&] { label_planes_nchw(labels.data(), planes.data(), classes, plane, n); });
    check_same("label planes " + std::to_string(batch) + "x" + std::to_string(classes) + "x" + std::to_string(plane),
               planes, want);
}

void max_pool_case(int planes, int h, int w) {
    auto x = random_values((size_t)planes * h * w);
    const int oh = h / 2, ow = w / 2, n = planes * oh * ow;
    std::vector<double> want(n);
    for (int p = 0; p < planes; ++p)
        for (int r = 0; r < oh; ++r)
            for (int q = 0; q < ow; ++q) {
                double max = -INFINITY;
                for (int a = 0; a < 2; ++a)
                    for (int b = 0; b < 2; ++b) max = std::max(max, (double)x[(p * h + 2 * r + a) * w + 2 * q + b]);
                want[(p * oh + r) * ow + q] = max;
            }
    auto y = poisoned(n);
    grid_stride_launch(n, [&] { max_pool2x2_nchw(x.data(), y.data(), h, w, n); });
    check("max pool 2x2 " + std::to_string(planes) + "x" + std::to_string(h) + "x" + std::to_string(w), y, want, 0);
}

// A NaN anywhere in a window wins, wherever the window's maximum is.
void max_pool_nan_case() {
    std::vector<float> x{1, 2, 5, 3, NAN, 0, 9, -1};  // one plane 2 x 4: windows {1,2,NaN,0} and {5,3,9,-1}
    std::vector<float> y = poisoned(2);
    grid_stride_launch(2, [&] { max_pool2x2_nchw(x.data(), y.data(), 2, 4, 2); });
    const bool ok = std::isnan(y[0]) && y[1] == 9.0f;
    if (!ok) ++failures;
    std::printf("%s max pool 2x2 NaN wins: got %f %f\n", ok ? "ok  " : "FAIL", y[0], y[1]);
}

void norm_relu_case(int batch, int channels, int plane, bool per_sample) {
    const int n = batch * channels * plane, affine = per_sample ? batch * channels : channels;
    const float eps = 1e-4f;
    auto x = random_values(n), mean = random_values(channels), var = random_values(channels);
    auto gain = random_values(affine), offset = random_values(affine);
    for (float& v : var) v = v * v + 0.1f;
    std::vector<double> want(n);
    for (int i = 0; i < n; ++i) {
        const int c = (i / plane) % channels, a = per_sample ? i / plane : c;
        want[i] = std::max(0.0, (x[i] - mean[c]) / std::sqrt((double)var[c] + eps) * gain[a] + offset[a]);
    }
    const unsigned chunks = std::min(ceil_div(plane, 256), 2);  // fewer chunks than needed: tests the stride
    auto y = x;  // in place
    emulate_launch(dim3{(unsigned)(batch * channels), chunks, 1}, 256, [&] {
        norm_relu_nchw(y.data(), y.data(), mean.data(), var.data(), gain.data(), offset.data(), eps, channels, plane,
                       per_sample ? channels : 0);
    });
    check("norm relu " + std::to_string(batch) + "x" + std::to_string(channels) + "x" + std::to_string(plane)
                  + (per_sample ? " per sample" : " per channel"),
          y, want, 1e-6);
}

void softmax_case(int rows, int n, float scale) {
    auto x = random_values((size_t)rows * n);
    for (float& v : x) v *= scale;  // 60: exp(x) alone would overflow
    std::vector<double> want(x.size());
    for (int r = 0; r < rows; ++r) {
        double max = -INFINITY, sum = 0;
        for (int j = 0; j < n; ++j) max = std::max(max, (double)x[r * n + j]);
        for (int j = 0; j < n; ++j) sum += std::exp(x[r * n + j] - max);
        for (int j = 0; j < n; ++j) want[r * n + j] = std::exp(x[r * n + j] - max) / sum;
    }
    std::string at = " " + std::to_string(rows) + "x" + std::to_string(n) + " scale " + std::to_string((int)scale);
    auto y = poisoned(x.size());
    emulate_launch(dim3{(unsigned)rows, 1, 1}, 256, [&] { softmax_rows(x.data(), y.data(), n); });
    check("softmax rows" + at, y, want, 1e-6);
    emulate_launch(dim3{(unsigned)rows, 1, 1}, 256, [&] { softmax_rows(x.data(), x.data(), n); });
    check("softmax rows in place" + at, x, want, 1e-6);
}

void concat_case(int rows, int a_cols, int b_cols) {
    auto a = random_values((size_t)rows * a_cols), b = random_values((size_t)rows * b_cols);
    const int width = a_cols + b_cols, n = rows * width;
    std::vector<double> want(n);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < width; ++c) want[r * width + c] = c < a_cols ? a[r * a_cols + c] : b[r * b_cols + c - a_cols];
    auto out = poisoned(n);
    grid_stride_launch(n, [&] { concat_rows(a.data(), b.data(), out.data(), a_cols, b_cols, n); });
    check("concat rows " + std::to_string(rows) + " x (" + std::to_string(a_cols) + " + " + std::to_string(b_cols) + ")",
          out, want, 0);
}

// Spectral norm on W [rows, cols] (zero when `zero`): the launcher's power iteration (W^T u, normalise, W v,
// normalise with sigma), w / sigma and its gradient, against float64.
void spectral_norm_case(int rows, int cols, bool zero) {
    const int n = rows * cols;
    auto w = zero ? std::vector<float>(n, 0.0f) : random_values(n);
    auto u = random_values(rows), dy = random_values(n);
    const float eps = 1e-12f;
    const std::string at = " " + std::to_string(rows) + "x" + std::to_string(cols) + (zero ? " zero" : "");

    std::vector<double> t(cols), v_ref(cols), s(rows), u_ref(rows);
    for (int j = 0; j < cols; ++j)
        for (int i = 0; i < rows; ++i) t[j] += (double)w[i * cols + j] * u[i];
    double norm = 0;
    for (double e : t) norm += e * e;
    for (int j = 0; j < cols; ++j) v_ref[j] = t[j] / std::max(std::sqrt(norm), (double)eps);
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j) s[i] += (double)w[i * cols + j] * v_ref[j];
    norm = 0;
    for (double e : s) norm += e * e;
    double sigma_ref = 0;
    for (int i = 0; i < rows; ++i) {
        u_ref[i] = s[i] / std::max(std::sqrt(norm), (double)eps);
        sigma_ref += u_ref[i] * s[i];
    }

    auto wtu = poisoned(cols), v = poisoned(cols), wv = poisoned(rows), sigma = poisoned(1);
    emulate_launch(dim3{(unsigned)ceil_div(cols, 32), 1, 1}, 256,
                   [&] { spectral_matvec_t(w.data(), u.data(), wtu.data(), rows, cols); });
    emulate_launch(dim3{1, 1, 1}, 256, [&] { spectral_normalise(wtu.data(), v.data(), eps, nullptr, cols); });
    emulate_launch(dim3{(unsigned)rows, 1, 1}, 256, [&] { spectral_matvec(w.data(), v.data(), wv.data(), rows, cols); });
    emulate_launch(dim3{1, 1, 1}, 256, [&] { spectral_normalise(wv.data(), u.data(), eps, sigma.data(), rows); });
    check("spectral norm v = normalise(W^T u)" + at, v, v_ref, 1e-5);
    check("spectral norm u = normalise(W v)" + at, u, u_ref, 1e-5);
    check("spectral norm sigma = u^T W v" + at, sigma, {sigma_ref}, 1e-5);
    if (zero) return;  // w / 0 is not defined

    std::vector<double> y_ref(n), dw_ref(n);
    double dot = 0;
    for (int e = 0; e < n; ++e) dot += (double)dy[e] * w[e];
    const double sg = sigma[0];
    for (int e = 0; e < n; ++e) {
        y_ref[e] = w[e] / sg;
        dw_ref[e] = dy[e] / sg - dot / (sg * sg) * u[e / cols] * v[e % cols];
    }
    const unsigned blocks = std::min(ceil_div(n, 256), 4);  // few blocks: exercises the grid-stride loops
    auto y = poisoned(n), partials = poisoned(blocks), dw = poisoned(n);
    emulate_launch(dim3{blocks, 1, 1}, 256, [&] { spectral_scale(w.data(), sigma.data(), y.data(), n); });
    emulate_launch(dim3{blocks, 1, 1}, 256, [&] { spectral_dot_partials(dy.data(), w.data(), partials.data(), n); });
    emulate_launch(dim3{blocks, 1, 1}, 256, [&] {
        spectral_normalise_backward(dy.data(), u.data(), v.data(), sigma.data(), partials.data(), blocks, dw.data(),
                                    rows, cols);
    });
    double dot_got = 0;
    for (float p : partials) dot_got += p;
    check("spectral norm w / sigma" + at, y, y_ref, 1e-6);
    check("spectral norm <dy, w> from " + std::to_string(blocks) + " partial sums" + at,
          std::vector<float>{(float)dot_got}, {dot}, 1e-5);
    check("spectral norm gradient" + at, dw, dw_ref, 1e-5);
}

}  // namespace

int main() {
    fast_divisor_cases();
    conv_case(shape(1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1), "1x1x1x1 k1");
    conv_case(shape(2, 3, 7, 5, 5, 3, 3, 1, 1, 1, 1, 1, 1), "2x3x7x5 -> 5, k3 s1 p1");
    conv_case(shape(1, 5, 13, 17, 7, 3, 3, 2, 2, 1, 1, 1, 1), "1x5x13x17 -> 7, k3 s2 p1");
    conv_case(shape(3, 4, 9, 9, 66, 4, 4, 2, 2, 1, 1, 1, 1), "3x4x9x9 -> 66, k4 s2 p1");
    conv_case(shape(2, 7, 11, 6, 3, 3, 2, 2, 1, 0, 1, 2, 1), "2x7x11x6 -> 3, k3x2 s2x1 p0x1 d2x1");
    conv_case(shape(1, 17, 31, 3, 9, 5, 3, 3, 1, 2, 2, 1, 1), "1x17x31x3 -> 9, k5x3 s3x1 p2");
    conv_case(shape(2, 65, 8, 8, 70, 1, 1, 1, 1, 0, 0, 1, 1), "2x65x8x8 -> 70, k1");
    conv_case(shape(2, 3, 16, 16, 8, 4, 4, 2, 2, 1, 1, 1, 1), "2x3x16x16 -> 8, k4 s2 p1");
    conv_case(shape(2, 40, 9, 10, 2, 3, 3, 1, 1, 1, 1, 1, 1), "2x40x9x10 -> 2, k3 s1 p1 (K 360)");
    conv_case(shape(1, 1, 28, 28, 64, 4, 4, 2, 2, 1, 1, 1, 1), "1x1x28x28 -> 64, k4 s2 p1 (K 1024)");
    conv_case(shape(3, 40, 7, 7, 1, 7, 7, 1, 1, 0, 0, 1, 1), "3x40x7x7 -> 1, k7 (K 1960, one pixel an image)");
    conv_case(shape(2, 66, 10, 8, 9, 4, 4, 2, 2, 1, 1, 1, 1), "2x66x10x8 -> 9, k4 s2 p1");
    conv_case(shape(3, 5, 12, 9, 70, 4, 3, 2, 3, 0, 2, 1, 1), "3x5x12x9 -> 70, k4x3 s2x3 p0x2");
    conv_case(shape(1, 4, 8, 8, 33, 4, 4, 2, 2, 3, 3, 1, 1), "1x4x8x8 -> 33, k4 s2 p3");
    conv_case(shape(2, 2, 6, 6, 40, 2, 2, 2, 2, 0, 0, 1, 1), "2x2x6x6 -> 40, k2 s2 p0");
    conv_case(shape(2, 9, 10, 10, 130, 3, 3, 1, 1, 1, 1, 1, 1), "2x9x10x10 -> 130, k3 s1 p1");
    elementwise_cases();
    batch_norm_case(3, 5, 49, true);
    batch_norm_case(2, 3, 300, false);
    batch_norm_case(1, 2, 3, true);
    adam_case(1000, 0.0f);
    adam_case(70001, 0.01f);
    bce_case(1, 1.0f);
    bce_case(128, 0.0f);
    bce_case(3000, 1.0f);
    hinge_case(1);
    hinge_case(128);
    hinge_case(3000);
    gemm_cases();
    spectral_norm_case(1, 1, false);
    spectral_norm_case(7, 45, false);
    spectral_norm_case(64, 1030, false);
    spectral_norm_case(3, 6272, false);
    spectral_norm_case(5, 9, true);
    upsample_case(1, 1, 1, 1, 1);
    upsample_case(2, 3, 5, 3, 7);
    upsample_case(3, 4, 4, 5, 1);
    blend_case(1, 0.9f);
    blend_case(1000, 0.999f);
    label_planes_case(1, 1, 1);
    label_planes_case(5, 10, 1);
    label_planes_case(3, 10, 784);
    max_pool_case(1, 2, 2);
    max_pool_case(6, 7, 9);
    max_pool_case(2, 16, 3);
    max_pool_nan_case();
    norm_relu_case(1, 5, 37, true);
    norm_relu_case(3, 5, 600, true);
    norm_relu_case(2, 3, 1, false);
    norm_relu_case(3, 4, 300, false);
    softmax_case(1, 1, 1.0f);
    softmax_case(5, 7, 1.0f);
    softmax_case(3, 1000, 60.0f);
    softmax_case(4, 257, 3.0f);
    concat_case(1, 1, 1);
    concat_case(5, 7, 3);
    concat_case(3, 0, 5);
    concat_case(16, 128, 120);
    std::printf(failures == 0 ? "all passed\n" : "%d FAILED\n", failures);
    return failures == 0 ? 0 : 1;
}
