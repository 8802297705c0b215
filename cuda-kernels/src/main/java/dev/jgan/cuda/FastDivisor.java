package dev.jgan.cuda;

/**
 * Division by a divisor fixed for a launch as a multiply and a shift (struct FastDivisor in
 * conv_shape.cuh; Granlund and Montgomery, "Division by invariant integers using multiplication",
 * 1994): for 0 <= n < 2^31, n / d = (n * m) >>> p with p = 31 + ceil(log2 d) and m = ceil(2^p / d),
 * which is below 2^32. The convolution kernels divide by the geometry this way in their inner loops.
 *
 * @param d the divisor, at least 1
 * @param m the multiplier, an unsigned 32-bit value
 * @param p the shift, 31 to 62
 */
record FastDivisor(int d, int m, int p) {
    /** Ints in the kernel-side struct: d, m, p. */
    static final int FIELDS = 3;

    static FastDivisor of(int d) {
        if (d < 1) {
            throw new IllegalArgumentException("divisor must be positive, got " + d);
        }
        int p = 31 + (32 - Integer.numberOfLeadingZeros(d - 1));
        long m = ((1L << p) + d - 1) / d;
        return new FastDivisor(d, (int) m, p);
    }
}
