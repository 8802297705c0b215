package dev.jgan.bench.sidebyside;

import java.lang.management.ManagementFactory;
import java.util.function.DoubleSupplier;

/**
 * One turn of a call for lockstep timing against another process: an untimed call (so threads
 * are awake and caches hold the call's data, as in a loop of calls), then enough timed calls to
 * last about a set time; returns the mean milliseconds per timed call. Before returning it waits
 * until this JVM's threads have gone idle, so spinning pool threads do not slow the other side's turn.
 */
public final class CalibratedTurn implements DoubleSupplier {
    private static final long QUIET_SLICE_NANOS = 2_000_000;
    private static final int QUIET_MAX_SLICES = 50;

    private final DoubleSupplier call;
    private final int calls;

    /** {@code call} runs once and returns its milliseconds; a turn lasts about {@code turnMs}. */
    public CalibratedTurn(DoubleSupplier call, double turnMs) {
        this.call = call;
        call.getAsDouble();
        this.calls = Math.max(1, (int) Math.ceil(turnMs / Math.max(call.getAsDouble(), 1e-3)));
    }

    /** Timed calls per turn. */
    public int calls() {
        return calls;
    }

    @Override
    public double getAsDouble() {
        call.getAsDouble();
        double sum = 0;
        for (int i = 0; i < calls; i++) {
            sum += call.getAsDouble();
        }
        waitUntilQuiet();
        return sum / calls;
    }

    /** Sleeps in short slices until the process uses less than a tenth of a core. */
    static void waitUntilQuiet() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int slice = 0; slice < QUIET_MAX_SLICES; slice++) {
            long cpu = os.getProcessCpuTime();
            try {
                Thread.sleep(QUIET_SLICE_NANOS / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (os.getProcessCpuTime() - cpu < QUIET_SLICE_NANOS / 10) {
                return;
            }
        }
    }
}
