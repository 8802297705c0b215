package dev.jgan.nn.autograd;

import dev.jgan.tensor.Shapes;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Wall-clock totals per op and output shape, forward and backward, switched on with
 * {@code -Djgan.profile=true}; the table is printed to stderr when the JVM exits and is
 * available from {@link #report()}. When off, timing costs one branch per op.
 */
public final class Profiler {
    /** Which pass a time belongs to. */
    public enum Phase { FORWARD, BACKWARD }

    private static final boolean ENABLED = Boolean.getBoolean("jgan.profile");
    private static final Map<String, long[]> TOTALS = new TreeMap<>();

    static {
        if (ENABLED) {
            Runtime.getRuntime().addShutdownHook(new Thread(Profiler::printIfAny));
        }
    }

    private Profiler() {}

    public static boolean enabled() {
        return ENABLED;
    }

    static long start() {
        return ENABLED ? System.nanoTime() : 0L;
    }

    /** Adds the time since {@code start} to the row of this op and output shape. */
    static void stop(String op, int[] outputShape, Phase phase, long start) {
        if (!ENABLED) {
            return;
        }
        long elapsed = System.nanoTime() - start;
        String row = op + " " + Shapes.toString(outputShape);
        synchronized (TOTALS) {
            long[] t = TOTALS.computeIfAbsent(row, k -> new long[4]);
            t[2 * phase.ordinal()] += elapsed;
            t[2 * phase.ordinal() + 1]++;
        }
    }

    private static void printIfAny() {
        boolean any;
        synchronized (TOTALS) {
            any = !TOTALS.isEmpty();
        }
        if (any) {
            System.err.print(report());
        }
    }

    /** Forgets all totals (for example after warm-up steps). */
    public static void reset() {
        synchronized (TOTALS) {
            TOTALS.clear();
        }
    }

    /** A table: op, forward ms and calls, backward ms and calls, share of the total, sorted by total time. */
    public static String report() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-40s %12s %7s %12s %7s %7s%n",
                "op and output shape", "forward ms", "calls", "backward ms", "calls", "share"));
        synchronized (TOTALS) {
            long forward = 0;
            long backward = 0;
            for (long[] t : TOTALS.values()) {
                forward += t[0];
                backward += t[2];
            }
            double all = Math.max(1, forward + backward);
            var rows = TOTALS.entrySet().stream()
                    .sorted((a, b) -> Long.compare(b.getValue()[0] + b.getValue()[2], a.getValue()[0] + a.getValue()[2]))
                    .toList();
            for (var row : rows) {
                long[] t = row.getValue();
                sb.append(String.format(Locale.ROOT, "%-40s %12.2f %7d %12.2f %7d %6.1f%%%n",
                        row.getKey(), t[0] / 1e6, t[1], t[2] / 1e6, t[3], 100 * (t[0] + t[2]) / all));
            }
            sb.append(String.format(Locale.ROOT, "%-40s %12.2f %7s %12.2f%n", "total", forward / 1e6, "", backward / 1e6));
        }
        return sb.toString();
    }
}
