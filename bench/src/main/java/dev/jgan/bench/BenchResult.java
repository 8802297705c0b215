package dev.jgan.bench;

/**
 * One measured row: operation key (e.g. {@code sgemm}, {@code convT.forward}), shape key
 * (e.g. {@code 1024}, {@code mnist-g2}) with its readable label, the kernel thread count,
 * mean time per call and its 99.9% error, and the FLOP one call performs (NaN when unknown).
 * {@code order} sorts rows: family, shape, operation.
 */
public record BenchResult(String op, String shape, String shapeLabel, int threads,
                          double msPerOp, double msError, double flopsPerOp, long order) {

    /** Billions of floating-point operations per second (NaN when the FLOP count is unknown). */
    public double gflops() {
        return flopsPerOp / (msPerOp * 1e6);
    }

    /** The key PyTorch timings are matched by. */
    public String key() {
        return key(op, shape, threads);
    }

    public static String key(String op, String shape, int threads) {
        return op + "|" + shape + "|" + threads;
    }
}
