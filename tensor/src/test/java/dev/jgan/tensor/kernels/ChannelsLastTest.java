package dev.jgan.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChannelsLastTest {

    @ParameterizedTest(name = "{0} of {1} images, {2} channels, plane {3}")
    @CsvSource({"0, 1, 1, 1", "0, 2, 16, 16", "1, 2, 17, 13", "2, 3, 33, 49", "0, 1, 64, 196", "3, 2, 5, 37", "1, 1, 48, 8"})
    void matchesAPlainCopy(int first, int count, int channels, int plane) {
        int images = first + count;
        Tensor src = Tensor.uniform(new Rng(channels * 31 + plane), -1f, 1f, images, channels, plane);
        float[] dst = new float[count * channels * plane + 3];
        java.util.Arrays.fill(dst, Float.NaN);
        ChannelsLast.fromPlanes(src.data(), first, count, channels, plane, dst);
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < plane; p++) {
                    assertEquals(src.data()[((first + i) * channels + c) * plane + p],
                            dst[(i * plane + p) * channels + c], "image " + i + " channel " + c + " position " + p);
                }
            }
        }
        for (int k = count * channels * plane; k < dst.length; k++) {
            assertEquals(Float.NaN, dst[k], "written past the copy");
        }
    }
}
