package dev.jgan.gan.image;

/**
 * Draws antialiased polylines of a given width: a pixel's coverage is how far its centre lies
 * inside the stroke (half the width plus half a pixel, minus its distance to the nearest
 * segment), taken over all segments before it is blended once, so that joints do not darken.
 */
public final class Polyline {
    private Polyline() {}

    /**
     * Joins (x[i], y[i]) in order with a stroke {@code width} pixels wide; a non-finite point
     * breaks the line into separate runs.
     */
    public static void draw(Picture picture, double[] x, double[] y, double width, int rgb) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " x values but " + y.length + " y values");
        }
        float[] coverage = new float[picture.width() * picture.height()];
        double reach = width / 2 + 0.5;
        int[] box = {picture.width(), picture.height(), -1, -1};
        for (int i = 1; i < x.length; i++) {
            if (finite(x[i - 1], y[i - 1]) && finite(x[i], y[i])) {
                cover(coverage, picture, x[i - 1], y[i - 1], x[i], y[i], reach, box);
            } else if (finite(x[i], y[i]) && (i + 1 == x.length || !finite(x[i + 1], y[i + 1]))) {
                cover(coverage, picture, x[i], y[i], x[i], y[i], reach, box);
            }
        }
        for (int py = box[1]; py <= box[3]; py++) {
            for (int px = box[0]; px <= box[2]; px++) {
                picture.blend(px, py, rgb, coverage[py * picture.width() + px]);
            }
        }
    }

    private static boolean finite(double x, double y) {
        return Double.isFinite(x) && Double.isFinite(y);
    }

    /** Raises the coverage of pixels near segment (x0, y0)-(x1, y1) and widens the touched box {x0, y0, x1, y1}. */
    private static void cover(float[] coverage, Picture picture, double x0, double y0, double x1, double y1,
            double reach, int[] box) {
        int left = Math.max(0, (int) Math.floor(Math.min(x0, x1) - reach));
        int right = Math.min(picture.width() - 1, (int) Math.ceil(Math.max(x0, x1) + reach));
        int top = Math.max(0, (int) Math.floor(Math.min(y0, y1) - reach));
        int bottom = Math.min(picture.height() - 1, (int) Math.ceil(Math.max(y0, y1) + reach));
        double dx = x1 - x0;
        double dy = y1 - y0;
        double lengthSquared = dx * dx + dy * dy;
        for (int py = top; py <= bottom; py++) {
            for (int px = left; px <= right; px++) {
                double cx = px + 0.5;
                double cy = py + 0.5;
                double t = lengthSquared == 0 ? 0 : Math.clamp(((cx - x0) * dx + (cy - y0) * dy) / lengthSquared, 0, 1);
                double distance = Math.hypot(cx - (x0 + t * dx), cy - (y0 + t * dy));
                float c = (float) Math.min(1, reach - distance);
                int at = py * picture.width() + px;
                if (c > coverage[at]) {
                    coverage[at] = c;
                    box[0] = Math.min(box[0], px);
                    box[1] = Math.min(box[1], py);
                    box[2] = Math.max(box[2], px);
                    box[3] = Math.max(box[3], py);
                }
            }
        }
    }
}
