// One Adam step over n parameters, float32, operation for operation as the CPU's
// dev.jgan.nn.optim.Adam (PyTorch's update):
//   g = grad + weight_decay * p
//   m = lerp(m, g, lerp_weight)                  lerp_weight = 1 - beta1
//   v = v * beta2 + grad_weight * g * g          grad_weight = 1 - beta2
//   p = p + (-step_size) * m / (sqrt(v) / bias_correction2_sqrt + eps)
// with step_size = lr / (1 - beta1^t) and bias_correction2_sqrt = sqrt(1 - beta2^t) computed on
// the host in double. Every product and sum is rounded on its own (__fmul_rn, __fadd_rn: nvcc
// would otherwise contract them into fused multiply-adds), and lerp is the one fmaf the CPU also
// uses, so the result matches the CPU's to the bit. Grid-stride loop, 256 threads per block.

#define GRID_STRIDE_LOOP(i, n) \
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += gridDim.x * blockDim.x)

extern "C" __global__ void __launch_bounds__(256)
adam_step(float* p, const float* grad, float* m, float* v, float step_size, float bias_correction2_sqrt,
          float lerp_weight, float grad_weight, float beta2, float eps, float weight_decay, int n) {
    GRID_STRIDE_LOOP(i, n) {
        const float g = weight_decay == 0.0f ? grad[i] : __fadd_rn(grad[i], __fmul_rn(weight_decay, p[i]));
        const float diff = __fadd_rn(g, -m[i]);
        const float mi = fabsf(lerp_weight) < 0.5f ? fmaf(lerp_weight, diff, m[i])
                                                   : fmaf(__fadd_rn(lerp_weight, -1.0f), diff, g);
        const float vi = __fadd_rn(__fmul_rn(v[i], beta2), __fmul_rn(__fmul_rn(grad_weight, g), g));
        const float denom = __fadd_rn(__fdiv_rn(sqrtf(vi), bias_correction2_sqrt), eps);
        m[i] = mi;
        v[i] = vi;
        p[i] = __fadd_rn(p[i], __fdiv_rn(__fmul_rn(-step_size, mi), denom));
    }
}
