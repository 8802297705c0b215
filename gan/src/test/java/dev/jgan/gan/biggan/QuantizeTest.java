package dev.jgan.gan.biggan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgan.tensor.Tensor;
import org.junit.jupiter.api.Test;

class QuantizeTest {
    @Test
    void truncatesTimes256AndClips() {
        float[] x = {-1f, -1.5f, 0f, 0.9921875f, 0.99f, 1f, 1.2f, -0.99f, Float.NaN, 0.5f};
        int[] expected = {0, 0, 128, 255, 254, 255, 255, 1, 0, 192};
        byte[] out = Quantize.toUint8(Tensor.of(pad(x), 1, 3, 1, x.length));
        for (int i = 0; i < x.length; i++) {
            assertEquals(expected[i], out[i * 3] & 0xff, "x = " + x[i]);
        }
    }

    @Test
    void writesChannelsLast() {
        Tensor images = Tensor.zeros(2, 3, 2, 3);
        float[] d = images.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = i / 64f - 0.5f;
        }
        byte[] out = Quantize.toUint8(images);
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                for (int h = 0; h < 2; h++) {
                    for (int w = 0; w < 3; w++) {
                        int expected = (int) ((images.get(n, c, h, w) + 1f) / 2f * 256f);
                        assertEquals(expected, out[((n * 2 + h) * 3 + w) * 3 + c] & 0xff);
                    }
                }
            }
        }
    }

    @Test
    void needsThreeChannelImages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Quantize.toUint8(Tensor.zeros(1, 4, 2, 2)));
        assertEquals(true, e.getMessage().contains("[1, 4, 2, 2]"), e.getMessage());
    }

    private static float[] pad(float[] firstChannel) {
        float[] all = new float[3 * firstChannel.length];
        System.arraycopy(firstChannel, 0, all, 0, firstChannel.length);
        return all;
    }
}
