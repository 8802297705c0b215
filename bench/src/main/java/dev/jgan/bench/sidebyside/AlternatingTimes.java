package dev.jgan.bench.sidebyside;

import java.util.Arrays;
import java.util.function.DoubleSupplier;

/**
 * Times of two calls taken alternately, A then B, so both see the machine in the same state. The
 * figure to trust on a shared machine is the median of the per-pair ratios A/B (above 1: B is faster).
 */
public record AlternatingTimes(double[] a, double[] b) {

    public AlternatingTimes {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("need the same positive number of times on both sides, got "
                    + a.length + " and " + b.length);
        }
    }

    /**
     * Runs {@code a} and {@code b} alternately, unmeasured until both have run for {@code warmupNanos}
     * (so the JIT has compiled their kernels), then {@code reps} measured times each.
     */
    public static AlternatingTimes measure(DoubleSupplier a, DoubleSupplier b, int reps, long warmupNanos) {
        if (reps < 1) {
            throw new IllegalArgumentException("--reps must be at least 1, got " + reps);
        }
        long start = System.nanoTime();
        do {
            a.getAsDouble();
            b.getAsDouble();
        } while (System.nanoTime() - start < warmupNanos);
        double[] ta = new double[reps];
        double[] tb = new double[reps];
        for (int r = 0; r < reps; r++) {
            ta[r] = a.getAsDouble();
            tb[r] = b.getAsDouble();
        }
        return new AlternatingTimes(ta, tb);
    }

    public double medianA() {
        return median(a);
    }

    public double medianB() {
        return median(b);
    }

    public double bestA() {
        return Arrays.stream(a).min().orElseThrow();
    }

    public double bestB() {
        return Arrays.stream(b).min().orElseThrow();
    }

    /** The median over the pairs of A's time / B's time. */
    public double medianRatio() {
        double[] ratios = new double[a.length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = a[i] / b[i];
        }
        return median(ratios);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
