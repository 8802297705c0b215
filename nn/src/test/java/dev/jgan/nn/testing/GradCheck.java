package dev.jgan.nn.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.nn.autograd.Var;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Checks a float32 forward and its analytic gradients against a float64 reference
 * forward written with plain loops.
 *
 * <p>The loss is L = sum(y * r) for a fixed random r, so dL/dy = r is a generic tensor.
 * For each input x and a few random directions v, the analytic directional derivative
 * {@code <dL/dx, v>} is compared with the central difference
 * {@code (L(x + h v) - L(x - h v)) / 2h} of the float64 reference, where h = 1e-6 leaves a
 * truncation and rounding error far below float32 precision: the check measures only
 * the float32 gradient's error. A gradient with one wrong element among a thousand moves
 * {@code <g, v>} by about ||g|| / 30, far outside the tolerance.
 */
public final class GradCheck {
    /** Relative tolerance against the scale ||g|| of a directional derivative. */
    public static final double DEFAULT_TOLERANCE = 1e-3;
    private static final int DIRECTIONS = 3;
    private static final double H = 1e-6;

    private final Map<String, Var> inputs = new LinkedHashMap<>();
    private double tolerance = DEFAULT_TOLERANCE;
    private double forwardTolerance = 1e-5;
    private long seed = 1234;

    /** The leaves to differentiate, under the names the reference reads them by. */
    public GradCheck input(String name, Var v) {
        inputs.put(name, v);
        return this;
    }

    public GradCheck inputs(Map<String, Var> named) {
        inputs.putAll(named);
        return this;
    }

    public GradCheck tolerance(double relative) {
        tolerance = relative;
        return this;
    }

    /** Relative L2 tolerance of the float32 forward against the float64 reference. */
    public GradCheck forwardTolerance(double relative) {
        forwardTolerance = relative;
        return this;
    }

    public GradCheck seed(long s) {
        seed = s;
        return this;
    }

    /**
     * Runs {@code forward} once (backward from L), then compares the output and every
     * input's gradient with {@code reference}, a float64 function of the inputs by name.
     */
    public void check(String what, Supplier<Var> forward, Function<Map<String, double[]>, double[]> reference) {
        Rng rng = new Rng(seed);
        inputs.values().forEach(Var::zeroGrad);
        Var y = forward.get();
        Tensor r = Tensor.normal(rng, 0f, 1f, y.shape());
        double[] rd = Ref.toDouble(r);
        Map<String, double[]> at = new LinkedHashMap<>();
        inputs.forEach((name, v) -> at.put(name, Ref.toDouble(v.value())));
        double[] expected = reference.apply(at);
        double forwardError = Ref.relativeL2(expected, Ref.toDouble(y.value()));
        assertTrue(forwardError <= forwardTolerance,
                what + ": forward differs from the float64 reference, relative L2 error " + forwardError);
        y.backward(r);
        for (var entry : inputs.entrySet()) {
            String name = entry.getKey();
            Var x = entry.getValue();
            if (!x.requiresGrad()) {
                continue;
            }
            double[] g = x.grad() == null ? new double[x.value().size()] : Ref.toDouble(x.grad());
            double gNorm = Ref.norm(g);
            for (int d = 0; d < DIRECTIONS; d++) {
                double[] v = Ref.toDouble(Tensor.normal(rng, 0f, 1f, x.shape()));
                double analytic = Ref.dot(g, v);
                double numeric = (loss(reference, at, name, v, H, rd) - loss(reference, at, name, v, -H, rd)) / (2 * H);
                double scale = Math.abs(numeric) + gNorm * Ref.norm(v) / Math.sqrt(v.length) + 1e-12;
                double error = Math.abs(analytic - numeric) / scale;
                assertTrue(error <= tolerance, String.format(
                        "%s: gradient of '%s' is off: <g, v> = %.8g, finite difference of the float64 reference = %.8g"
                                + " (relative error %.3g > %.1g)", what, name, analytic, numeric, error, tolerance));
            }
        }
    }

    private static double loss(Function<Map<String, double[]>, double[]> reference, Map<String, double[]> at,
                               String name, double[] v, double h, double[] r) {
        Map<String, double[]> moved = new LinkedHashMap<>(at);
        double[] x = at.get(name).clone();
        for (int i = 0; i < x.length; i++) {
            x[i] += h * v[i];
        }
        moved.put(name, x);
        return Ref.dot(reference.apply(moved), r);
    }
}
