package dev.jgan.bench.sidebyside;

import java.lang.management.ManagementFactory;
import java.util.function.DoubleSupplier;

/**
 * One turn of a call for lockstep timing against another process: an untimed call (so threads
 * are awake and caches hold the call's data, as in a loop of calls), then enough timed calls to
 * last about a set time; returns the mean milliseconds per timed call. Before returning it waits
 * until this JVM's threads have gone idle, so spinning pool threads do not slow the other side's turn.
 *
 * <p>The number of timed calls follows the fastest call seen so far, so turns taken once the JIT
 * has compiled the call still last about the set time: calibrated once on the cold call, a 0.3 ms
 * pass got a handful of calls a turn, whose mean then weighed the turn's first, slower calls.
 */
public final class CalibratedTurn implements DoubleSupplier {
    private static final long QUIET_SLICE_NANOS = 2_000_000;
    /**
     * Quiet slices needed in a row: the process CPU clock may advance only at scheduler ticks (4 ms
     * on the machines measured), so a single quiet-looking slice does not show the threads stopped.
     */
    private static final int QUIET_SLICES_IN_A_ROW = 5;
    private static final int QUIET_MAX_SLICES = 100;

    private final DoubleSupplier call;
    private final double turnMs;
    private double fastestMs;
    private int calls;

    /** {@code call} runs once and returns its milliseconds; a turn lasts about {@code turnMs}. */
    public CalibratedTurn(DoubleSupplier call, double turnMs) {
        this.call = call;
        this.turnMs = turnMs;
        call.getAsDouble();
        fastestMs = call.getAsDouble();
        calls = callsFor(fastestMs);
    }

    private int callsFor(double callMs) {
        return Math.max(1, (int) Math.ceil(turnMs / Math.max(callMs, 1e-3)));
    }

    /** Timed calls in the next turn. */
    public int calls() {
        return calls;
    }

    @Override
    public double getAsDouble() {
        call.getAsDouble();
        double sum = 0;
        for (int i = 0; i < calls; i++) {
            double ms = call.getAsDouble();
            sum += ms;
            fastestMs = Math.min(fastestMs, ms);
        }
        double mean = sum / calls;
        calls = callsFor(fastestMs);
        waitUntilQuiet();
        return mean;
    }

    /** Sleeps in short slices until the process has used less than a tenth of a core for several slices in a row. */
    static void waitUntilQuiet() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int quiet = 0;
        for (int slice = 0; slice < QUIET_MAX_SLICES && quiet < QUIET_SLICES_IN_A_ROW; slice++) {
            long cpu = os.getProcessCpuTime();
            try {
                Thread.sleep(QUIET_SLICE_NANOS / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            quiet = os.getProcessCpuTime() - cpu < QUIET_SLICE_NANOS / 10 ? quiet + 1 : 0;
        }
    }
}
