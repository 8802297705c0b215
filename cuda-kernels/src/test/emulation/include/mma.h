// Host stand-in for the WMMA API of <mma.h>, for emulate-check: every thread of a warp holds the
// whole tile (the hardware spreads it over the 32 lanes in an unspecified layout), loads it,
// multiplies it in float32 and lane 0 alone stores it. TF32 rounding keeps 10 mantissa bits,
// rounding to nearest with ties away from zero, like cvt.rna.tf32.f32.
#pragma once

#include <cstdint>
#include <cstring>

namespace nvcuda {
namespace wmma {

struct matrix_a {};
struct matrix_b {};
struct accumulator {};
struct row_major {};
struct col_major {};
namespace precision {
struct tf32 {};
}
enum layout_t { mem_row_major, mem_col_major };

template <class Use, int M, int N, int K> struct shape_of;
template <int M, int N, int K> struct shape_of<matrix_a, M, N, K> { static constexpr int rows = M, cols = K; };
template <int M, int N, int K> struct shape_of<matrix_b, M, N, K> { static constexpr int rows = K, cols = N; };
template <int M, int N, int K> struct shape_of<accumulator, M, N, K> { static constexpr int rows = M, cols = N; };

template <class Use, int M, int N, int K, class T, class Layout = void>
struct fragment {
    static constexpr int rows = shape_of<Use, M, N, K>::rows, cols = shape_of<Use, M, N, K>::cols;
    float x[rows * cols];  // row-major copy of the tile
};

inline float __float_to_tf32(float v) {
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    if ((bits & 0x7f800000u) != 0x7f800000u) {  // finite: round the 13 dropped bits half away from zero
        bits += 0x1000u;
    }
    bits &= 0xffffe000u;
    std::memcpy(&v, &bits, 4);
    return v;
}

template <class Use, int M, int N, int K, class T, class L>
void fill_fragment(fragment<Use, M, N, K, T, L>& f, float v) {
    for (float& e : f.x) e = v;
}

template <class Use, int M, int N, int K, class T>
void load_matrix_sync(fragment<Use, M, N, K, T, row_major>& f, const float* p, unsigned ldm) {
    using F = fragment<Use, M, N, K, T, row_major>;
    for (int r = 0; r < F::rows; ++r)
        for (int c = 0; c < F::cols; ++c) f.x[r * F::cols + c] = p[r * ldm + c];
}

template <int M, int N, int K, class TA, class TB>
void mma_sync(fragment<accumulator, M, N, K, float>& d, const fragment<matrix_a, M, N, K, TA, row_major>& a,
              const fragment<matrix_b, M, N, K, TB, row_major>& b, const fragment<accumulator, M, N, K, float>& c) {
    float out[M * N];
    for (int i = 0; i < M; ++i)
        for (int j = 0; j < N; ++j) {
            float s = c.x[i * N + j];
            for (int k = 0; k < K; ++k) s = fmaf(a.x[i * K + k], b.x[k * N + j], s);
            out[i * N + j] = s;
        }
    for (int e = 0; e < M * N; ++e) d.x[e] = out[e];
}

template <int M, int N, int K>
void store_matrix_sync(float* p, const fragment<accumulator, M, N, K, float>& f, unsigned ldm, layout_t layout) {
    if (threadIdx.x % 32 != 0) return;
    for (int i = 0; i < M; ++i)
        for (int j = 0; j < N; ++j) {
            if (layout == mem_row_major) p[i * ldm + j] = f.x[i * N + j];
            else p[j * ldm + i] = f.x[i * N + j];
        }
}

}  // namespace wmma
}  // namespace nvcuda
