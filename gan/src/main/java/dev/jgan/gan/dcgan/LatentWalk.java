package dev.jgan.gan.dcgan;

import dev.jgan.tensor.Tensor;

/**
 * Points on the way between two latent vectors: straight (linear) or along the great
 * circle (spherical, White 2016), which keeps the norm typical of Gaussian z.
 */
public final class LatentWalk {
    private LatentWalk() {}

    /** {@code steps} points from a to b inclusive, as z [steps, dim, 1, 1]. */
    public static Tensor walk(float[] a, float[] b, int steps, boolean spherical) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("latent vectors differ in size: " + a.length + " and " + b.length);
        }
        if (steps < 2) {
            throw new IllegalArgumentException("--steps must be at least 2, got " + steps);
        }
        float[] out = new float[steps * a.length];
        for (int s = 0; s < steps; s++) {
            double t = s / (double) (steps - 1);
            float[] point = spherical ? slerp(a, b, t) : lerp(a, b, t);
            System.arraycopy(point, 0, out, s * a.length, a.length);
        }
        return Tensor.wrap(out, steps, a.length, 1, 1);
    }

    /** (1 - t) a + t b. */
    public static float[] lerp(float[] a, float[] b, double t) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) ((1 - t) * a[i] + t * b[i]);
        }
        return out;
    }

    /**
     * sin((1 - t) w) / sin(w) a + sin(t w) / sin(w) b, where w is the angle between a and b;
     * linear when they are (nearly) parallel.
     */
    public static float[] slerp(float[] a, float[] b, double t) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        double cos = dot / Math.sqrt(na * nb);
        double omega = Math.acos(Math.max(-1, Math.min(1, cos)));
        double sin = Math.sin(omega);
        if (!(sin > 1e-6)) {
            return lerp(a, b, t);
        }
        double wa = Math.sin((1 - t) * omega) / sin;
        double wb = Math.sin(t * omega) / sin;
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) (wa * a[i] + wb * b[i]);
        }
        return out;
    }
}
