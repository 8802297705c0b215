package dev.jgan.cuda;

/** Arithmetic used by a GPU convolution or matrix product. */
public enum Precision {
    /** float32 products and sums: matches the CPU kernels to float32 rounding. */
    FP32,
    /** Inputs rounded to TF32 (10-bit mantissa) on the tensor cores, float32 accumulation. */
    TF32
}
