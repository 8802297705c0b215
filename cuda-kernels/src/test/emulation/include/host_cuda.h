// Runs CUDA C kernels on the CPU for testing their index arithmetic without a GPU.
//
// Force-included (g++ -include) before a .cu file. Each block runs on blockDim.x std::threads
// (one per CUDA thread) that meet at a std::barrier for __syncthreads; blocks run one after
// another, so __shared__ arrays can be function-local statics shared by the block's threads.
// Only what the jgan kernels use is provided: 1-D blocks, 3-D grids, float4, fmaf, tanhf, sqrtf, min, isnan,
// and the _rn arithmetic intrinsics.
#pragma once

#include <algorithm>
#include <barrier>
#include <cmath>
#include <cstdio>
#include <functional>
#include <thread>
#include <vector>

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __launch_bounds__(...)
#define __align__(n) __attribute__((aligned(n)))
#define __shared__ static

struct dim3 {
    unsigned x = 1, y = 1, z = 1;
};
struct float4 {
    float x, y, z, w;
};

inline thread_local dim3 threadIdx;
inline thread_local dim3 blockIdx;
inline dim3 blockDim;
inline dim3 gridDim;
inline std::barrier<>* block_barrier = nullptr;

inline void __syncthreads() { block_barrier->arrive_and_wait(); }

using std::min;
using std::fmaxf;
using std::isnan;

// Round-to-nearest float arithmetic that the device compiler may not contract into an FMA.
inline float __fadd_rn(float a, float b) { return a + b; }
inline float __fmul_rn(float a, float b) { return a * b; }
inline float __fdiv_rn(float a, float b) { return a / b; }

// Runs kernel() over the grid with `threads` threads per block.
inline void emulate_launch(dim3 grid, unsigned threads, const std::function<void()>& kernel) {
    gridDim = grid;
    blockDim = dim3{threads, 1, 1};
    std::barrier<> barrier(threads);
    block_barrier = &barrier;
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            threadIdx = dim3{t, 0, 0};
            for (unsigned z = 0; z < grid.z; ++z)
                for (unsigned y = 0; y < grid.y; ++y)
                    for (unsigned x = 0; x < grid.x; ++x) {
                        blockIdx = dim3{x, y, z};
                        kernel();
                        barrier.arrive_and_wait();  // the next block reuses the shared arrays
                    }
        });
    }
    for (auto& th : pool) th.join();
    block_barrier = nullptr;
}
