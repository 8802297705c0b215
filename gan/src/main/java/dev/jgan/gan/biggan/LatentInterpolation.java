package dev.jgan.gan.biggan;

import dev.jgan.tensor.Tensor;

/**
 * Paths between two vectors in {@code steps} evenly spaced points, both ends included:
 * linear, and spherical (slerp, which keeps the norm of Gaussian latents from sagging midway).
 */
public final class LatentInterpolation {
    private static final double PARALLEL = 1e-6;

    private LatentInterpolation() {}

    /** [steps, d]: row k is {@code from + (k / (steps - 1)) * (to - from)}; inputs [d] or [1, d]. */
    public static Tensor linear(Tensor from, Tensor to, int steps) {
        double[] a = vector(from, to, "from");
        double[] b = vector(to, from, "to");
        return path(steps, a.length, (t, i) -> a[i] + t * (b[i] - a[i]));
    }

    /**
     * [steps, d] along the great circle: {@code sin((1-t) w) / sin w * from + sin(t w) / sin w * to}
     * with {@code w} the angle between the vectors; linear when they are (anti)parallel.
     */
    public static Tensor spherical(Tensor from, Tensor to, int steps) {
        double[] a = vector(from, to, "from");
        double[] b = vector(to, from, "to");
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        double cos = na == 0 || nb == 0 ? 1 : Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)));
        double omega = Math.acos(cos);
        double sin = Math.sin(omega);
        if (sin < PARALLEL) {
            return linear(from, to, steps);
        }
        return path(steps, a.length, (t, i) -> Math.sin((1 - t) * omega) / sin * a[i] + Math.sin(t * omega) / sin * b[i]);
    }

    private interface Point {
        double at(double t, int i);
    }

    private static Tensor path(int steps, int d, Point point) {
        if (steps < 2) {
            throw new IllegalArgumentException("an interpolation needs at least 2 steps, got " + steps);
        }
        Tensor out = Tensor.zeros(steps, d);
        float[] data = out.data();
        for (int k = 0; k < steps; k++) {
            double t = (double) k / (steps - 1);
            for (int i = 0; i < d; i++) {
                data[k * d + i] = (float) point.at(t, i);
            }
        }
        return out;
    }

    private static double[] vector(Tensor v, Tensor other, String name) {
        boolean row = v.rank() == 1 || (v.rank() == 2 && v.dim(0) == 1);
        if (!row || v.size() != other.size()) {
            throw new IllegalArgumentException("interpolation ends must be [d] or [1, d] of one size: " + name + " is "
                    + v.shapeString() + ", the other " + other.shapeString());
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.data()[i];
        }
        return out;
    }
}
