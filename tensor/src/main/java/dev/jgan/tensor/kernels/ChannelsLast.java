package dev.jgan.tensor.kernels;

import java.util.Arrays;

/**
 * Copies NCHW tensors into channels-last (NHWC) order and back, for the direct passes of
 * {@link ChannelsLastConv}, by {@link Transpose}.
 */
final class ChannelsLast {
    private ChannelsLast() {}

    /**
     * dst[i, p, c] = src[first + i, c, p] for {@code count} images of {@code channels} planes of
     * {@code plane} values, on the calling thread.
     */
    static void fromPlanes(float[] src, int first, int count, int channels, int plane, float[] dst) {
        fromPlanes(src, first, count, channels, 0, channels, plane, dst, 0, channels);
    }

    /**
     * dst[at + (i plane + p) ld + c - c0] = src[first + i, c, p] for {@code count} images and channels
     * c in [c0, c1) of {@code channels}, with the rest of each row of {@code ld} values set to zero;
     * on the calling thread.
     */
    static void fromPlanes(float[] src, int first, int count, int channels, int c0, int c1, int plane,
                           float[] dst, int at, int ld) {
        int perImage = channels * plane;
        int kept = c1 - c0;
        for (int i = 0; i < count; i++) {
            int to = at + i * plane * ld;
            if (plane < CacheLines.SHORT_PLANE) {
                CacheLines.readInOrder(src, (first + i) * perImage + c0 * plane, kept * plane);
            }
            Transpose.of(src, (first + i) * perImage + c0 * plane, kept, plane, plane, dst, to, ld);
            for (int p = 0; ld > kept && p < plane; p++) {
                Arrays.fill(dst, to + p * ld + kept, to + (p + 1) * ld, 0f);
            }
        }
    }

    /**
     * dst[first + i, c, p] = src[i, p, c] for {@code count} images of {@code plane} positions, of which
     * the first {@code channels} of each row of {@code width} values are kept; on the calling thread.
     */
    static void toPlanes(float[] src, int count, int plane, int width, int channels, float[] dst, int first) {
        for (int i = 0; i < count; i++) {
            if (plane < CacheLines.SHORT_PLANE) {
                CacheLines.readInOrder(dst, (first + i) * channels * plane, channels * plane);
            }
            Transpose.of(src, i * plane * width, plane, channels, width, dst, (first + i) * channels * plane, plane);
        }
    }
}
