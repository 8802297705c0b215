package dev.jgan.tensor.kernels;

/** Copies NCHW tensors into channels-last (NHWC) order, the layout the broadcast-direct passes read. */
final class ChannelsLast {
    /** Positions per block: a block's destination rows (positions x channels) stay in L1 while its channels are read. */
    private static final int BLOCK = 16;

    private ChannelsLast() {}

    /**
     * dst[i, p, c] = src[first + i, c, p] for {@code count} images of {@code channels} planes of
     * {@code plane} values, on the calling thread.
     */
    static void fromPlanes(float[] src, int first, int count, int channels, int plane, float[] dst) {
        int perImage = channels * plane;
        for (int i = 0; i < count; i++) {
            image(src, (first + i) * perImage, channels, plane, dst, i * perImage);
        }
    }

    private static void image(float[] src, int base, int channels, int plane, float[] dst, int at) {
        for (int p0 = 0; p0 < plane; p0 += BLOCK) {
            int p1 = Math.min(plane, p0 + BLOCK);
            for (int c = 0; c < channels; c++) {
                int from = base + c * plane;
                for (int p = p0; p < p1; p++) {
                    dst[at + p * channels + c] = src[from + p];
                }
            }
        }
    }
}
