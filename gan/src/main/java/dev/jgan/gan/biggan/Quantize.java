package dev.jgan.gan.biggan;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;

/** Generator output to 8-bit pixels, exactly as pytorch-pretrained-BigGAN's {@code convert_to_images}. */
public final class Quantize {
    private Quantize() {}

    /**
     * Images [N, 3, H, W] in [-1, 1] to bytes [N, H, W, 3] (read as {@code b & 0xff}):
     * {@code uint8(clip((x + 1) / 2 * 256, 0, 255))} in float32, truncating toward zero
     * (so x = 1 gives 255, and the top value starts at x = 0.9921875). NaN gives 0.
     */
    public static byte[] toUint8(Tensor images) {
        Shapes.requireRank("quantize: images", images, 4);
        int n = images.dim(0), channels = images.dim(1), h = images.dim(2), w = images.dim(3);
        Shapes.requireShape("quantize: images", images, n, 3, h, w);
        float[] x = images.data();
        byte[] out = new byte[n * h * w * channels];
        int plane = h * w;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                int from = (i * channels + c) * plane;
                for (int p = 0; p < plane; p++) {
                    out[(i * plane + p) * channels + c] = (byte) pixel(x[from + p]);
                }
            }
        }
        return out;
    }

    private static int pixel(float x) {
        float v = (x + 1f) / 2f * 256f;
        if (!(v > 0f)) {
            return 0;
        }
        return v >= 255f ? 255 : (int) v;
    }
}
