package dev.jgan.bench.sidebyside;

import dev.jgan.bench.LayerShape;
import dev.jgan.bench.LayerShapes;
import dev.jgan.bench.gpu.ConvPass;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Two builds of the tensor module timed side by side in one JVM, call by call: for each layer pass,
 * a call of the base build, then one of the new build, repeated. Alternating inside one process keeps
 * the comparison fair while the machine's speed drifts or other processes come and go, which
 * alternating whole JVMs does not.
 *
 * <p>Usage: {@code SideBySide BASE NEW [--reps N] [--warmup-ms MS] LAYER[:PASS]...}, where BASE
 * and NEW are tensor jars (or classes folders), LAYER a name or name prefix from {@link LayerShapes} and PASS one of
 * {@link ConvPass}'s labels (default: all three). {@code bench/ab} builds the jars and calls this.
 */
public final class SideBySide {
    private static final int DEFAULT_REPS = 40;
    /** Unmeasured alternating calls per layer pass before timing starts: long enough for C2 to compile the kernels. */
    private static final long DEFAULT_WARMUP_NANOS = 3_000_000_000L;

    private SideBySide() {}

    /** A layer and pass to time. */
    record Case(String layer, String pass) {}

    public static void main(String[] args) {
        try {
            run(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("side-by-side: " + e.getMessage());
            System.exit(2);
        }
    }

    static void run(String[] args, PrintStream out) {
        List<String> positional = new ArrayList<>();
        int reps = DEFAULT_REPS;
        long warmupNanos = DEFAULT_WARMUP_NANOS;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--reps")) {
                reps = count(args, ++i, "--reps");
            } else if (args[i].equals("--warmup-ms")) {
                warmupNanos = count(args, ++i, "--warmup-ms") * 1_000_000L;
            } else {
                positional.add(args[i]);
            }
        }
        if (positional.size() < 3) {
            throw new IllegalArgumentException(
                    "usage: SideBySide BASE_TENSOR NEW_TENSOR [--reps N] [--warmup-ms MS] LAYER[:PASS]...");
        }
        List<Case> cases = cases(positional.subList(2, positional.size()));
        try (IsolatedBuild base = new IsolatedBuild(Path.of(positional.get(0)));
             IsolatedBuild next = new IsolatedBuild(Path.of(positional.get(1)))) {
            out.printf(Locale.ROOT, "%-14s %-15s %21s %21s %10s%n", "layer", "pass", "base ms median (best)",
                    "new ms median (best)", "base/new");
            for (Case c : cases) {
                AlternatingTimes t;
                try {
                    t = AlternatingTimes.measure(base.call(c.layer(), c.pass()), next.call(c.layer(), c.pass()),
                            reps, warmupNanos);
                } catch (LinkageError e) {
                    throw new IllegalArgumentException("a tensor build lacks what the bench code calls (" + e
                            + "); compare builds whose public tensor API matches this bench", e);
                }
                out.printf(Locale.ROOT, "%-14s %-15s %12.3f (%6.3f) %12.3f (%6.3f) %9.3fx%n", c.layer(), c.pass(),
                        t.medianA(), t.bestA(), t.medianB(), t.bestB(), t.medianRatio());
            }
        }
        out.printf(Locale.ROOT, "base/new: median over %d pairs of base time / new time (above 1: new is faster), "
                + "after %d ms of unmeasured calls per pass%n", reps, warmupNanos / 1_000_000);
    }

    /** The whole number {@code args[i]} given to {@code option}. */
    static int count(String[] args, int i, String option) {
        if (i == args.length) {
            throw new IllegalArgumentException(option + " needs a count");
        }
        try {
            return Integer.parseInt(args[i]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " wants a whole number, got '" + args[i] + "'");
        }
    }

    /** LAYER[:PASS] arguments as cases, layer prefixes expanded in catalogue order. */
    static List<Case> cases(List<String> specs) {
        List<Case> cases = new ArrayList<>();
        for (String spec : specs) {
            int colon = spec.indexOf(':');
            String layer = colon < 0 ? spec : spec.substring(0, colon);
            ConvPass only = colon < 0 ? null : ConvPass.ofLabel(spec.substring(colon + 1));
            List<LayerShape> layers = LayerShapes.ALL.stream().filter(l -> l.name().startsWith(layer)).toList();
            if (layers.isEmpty()) {
                throw new IllegalArgumentException("no layer named or starting with '" + layer + "' (layers: "
                        + LayerShapes.ALL.stream().map(LayerShape::name).toList() + ")");
            }
            for (LayerShape l : layers) {
                for (ConvPass p : ConvPass.values()) {
                    if (only == null || p == only) {
                        cases.add(new Case(l.name(), p.label()));
                    }
                }
            }
        }
        return cases;
    }
}
