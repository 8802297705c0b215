package dev.jgan.bench.gpu;

import java.util.Arrays;

/**
 * Plain wall-clock timing of queued GPU work: {@code warmup} calls, then repetitions each bracketed by
 * a synchronisation (sync, start clock, calls, sync, stop clock). A call shorter than
 * {@code minRepetitionMs} is repeated inside one repetition so that the launch and synchronisation cost
 * is spread over several calls; the repetition count aims at {@code targetMs} in all, within
 * [{@code minRepetitions}, {@code maxRepetitions}]. bench/gpu_pytorch.py times the same way.
 *
 * @param medianMs            median over the repetitions of the time per call
 * @param minMs               the fastest repetition's time per call
 */
public record Timing(double medianMs, double minMs, int repetitions, int callsPerRepetition) {

    /** How long to measure. */
    public record Settings(int warmup, int minRepetitions, int maxRepetitions, double targetMs, double minRepetitionMs) {
        /** The default: 3 warm-up calls, 5 to 30 repetitions over about 0.25 s, each at least 1 ms. */
        public static final Settings FULL = new Settings(3, 5, 30, 250, 1);
        /** A fast look: 1 warm-up call, 3 repetitions. */
        public static final Settings QUICK = new Settings(1, 3, 3, 20, 0.5);
    }

    /** Times {@code call}; {@code synchronize} waits for everything queued. */
    public static Timing measure(Runnable call, Runnable synchronize, Settings settings) {
        for (int i = 0; i < settings.warmup(); i++) {
            call.run();
        }
        synchronize.run();
        double firstMs = timeMs(call, synchronize, 1);
        int inner = Math.clamp((long) Math.ceil(settings.minRepetitionMs() / Math.max(firstMs, 1e-6)), 1, 1000);
        int repetitions = Math.clamp(Math.round(settings.targetMs() / (firstMs * inner)),
                settings.minRepetitions(), settings.maxRepetitions());
        double[] ms = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            ms[r] = timeMs(call, synchronize, inner) / inner;
        }
        return of(ms, inner);
    }

    /** Median and minimum of per-call times in milliseconds. */
    static Timing of(double[] msPerCall, int callsPerRepetition) {
        if (msPerCall.length == 0) {
            throw new IllegalArgumentException("no repetitions to summarise");
        }
        double[] sorted = msPerCall.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Timing(median, sorted[0], n, callsPerRepetition);
    }

    private static double timeMs(Runnable call, Runnable synchronize, int calls) {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            call.run();
        }
        synchronize.run();
        return (System.nanoTime() - start) / 1e6;
    }
}
