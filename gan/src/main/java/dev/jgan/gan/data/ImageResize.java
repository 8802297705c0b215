package dev.jgan.gan.data;

/**
 * Resizes one float image plane, axis by axis: an axis that shrinks is area-averaged (each
 * output pixel is the mean of the source area it covers, fractional pixels weighted by
 * their overlap); an axis that grows is interpolated bilinearly between pixel centres.
 * Also fits an image to a square: scale the shorter side to the target, crop the centre.
 */
public final class ImageResize {
    /** For one axis: output pixel o reads source pixels first[o] .. first[o]+weights[o].length-1. */
    private record AxisWeights(int[] first, float[][] weights) {}

    private ImageResize() {}

    /** Resizes an {@code inH x inW} plane to {@code outH x outW}. */
    public static float[] resize(float[] plane, int inH, int inW, int outH, int outW) {
        if (plane.length != inH * inW) {
            throw new IllegalArgumentException("plane of " + plane.length + " values is not " + inH + "x" + inW);
        }
        AxisWeights columns = weights(inW, outW);
        float[] rowsResized = new float[inH * outW];
        for (int y = 0; y < inH; y++) {
            for (int x = 0; x < outW; x++) {
                float[] w = columns.weights[x];
                int start = y * inW + columns.first[x];
                float sum = 0f;
                for (int k = 0; k < w.length; k++) {
                    sum += w[k] * plane[start + k];
                }
                rowsResized[y * outW + x] = sum;
            }
        }
        AxisWeights rows = weights(inH, outH);
        float[] out = new float[outH * outW];
        for (int y = 0; y < outH; y++) {
            float[] w = rows.weights[y];
            int first = rows.first[y];
            for (int k = 0; k < w.length; k++) {
                int source = (first + k) * outW;
                float weight = w[k];
                for (int x = 0; x < outW; x++) {
                    out[y * outW + x] += weight * rowsResized[source + x];
                }
            }
        }
        return out;
    }

    /**
     * Scales an {@code inH x inW} plane so its shorter side becomes {@code size} (keeping
     * the aspect ratio) and returns the centred {@code size x size} crop.
     */
    public static float[] fitSquare(float[] plane, int inH, int inW, int size) {
        if (inH == size && inW == size) {
            return plane.clone();
        }
        double scale = (double) size / Math.min(inH, inW);
        int scaledH = Math.max(size, (int) Math.round(inH * scale));
        int scaledW = Math.max(size, (int) Math.round(inW * scale));
        float[] scaled = resize(plane, inH, inW, scaledH, scaledW);
        int top = (scaledH - size) / 2;
        int left = (scaledW - size) / 2;
        float[] out = new float[size * size];
        for (int y = 0; y < size; y++) {
            System.arraycopy(scaled, (top + y) * scaledW + left, out, y * size, size);
        }
        return out;
    }

    private static AxisWeights weights(int in, int out) {
        return out < in ? areaWeights(in, out) : bilinearWeights(in, out);
    }

    /** Output pixel o covers source interval [o*in/out, (o+1)*in/out). */
    private static AxisWeights areaWeights(int in, int out) {
        int[] first = new int[out];
        float[][] weights = new float[out][];
        double step = (double) in / out;
        for (int o = 0; o < out; o++) {
            double from = o * step;
            double to = Math.min(in, (o + 1) * step);
            int lo = (int) Math.floor(from);
            int hi = Math.min(in, (int) Math.ceil(to));
            first[o] = lo;
            weights[o] = new float[hi - lo];
            for (int s = lo; s < hi; s++) {
                double overlap = Math.min(to, s + 1) - Math.max(from, s);
                weights[o][s - lo] = (float) (overlap / (to - from));
            }
        }
        return new AxisWeights(first, weights);
    }

    /** Output pixel centre o+0.5 maps to source coordinate (o+0.5)*in/out - 0.5, clamped at the edges. */
    private static AxisWeights bilinearWeights(int in, int out) {
        int[] first = new int[out];
        float[][] weights = new float[out][];
        for (int o = 0; o < out; o++) {
            double source = Math.clamp((o + 0.5) * in / out - 0.5, 0.0, in - 1.0);
            int lo = (int) Math.floor(source);
            double fraction = source - lo;
            if (lo + 1 >= in || fraction == 0.0) {
                first[o] = lo;
                weights[o] = new float[] {1f};
            } else {
                first[o] = lo;
                weights[o] = new float[] {(float) (1 - fraction), (float) fraction};
            }
        }
        return new AxisWeights(first, weights);
    }
}
