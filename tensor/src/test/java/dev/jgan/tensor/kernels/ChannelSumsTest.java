package dev.jgan.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.tensor.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Per-channel sums over NCHW planes against float64 loops: one image or many, groups of images that
 * do not divide the batch, images larger than a group, planes of 1 and planes that are not whole vectors.
 */
class ChannelSumsTest {

    @ParameterizedTest(name = "{0} x {1} x {2}")
    @CsvSource({"1, 1, 1", "3, 5, 7", "128, 128, 49", "37, 64, 196", "5, 3, 4099", "2, 70, 1000", "300, 17, 1", "9, 16, 16"})
    void matchFloat64Loops(int batch, int channels, int plane) {
        Rng rng = new Rng(batch * 1000L + channels * 10L + plane);
        int size = batch * channels * plane;
        float[] x = new float[size];
        float[] dy = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = rng.nextFloat() * 6f - 2f;
            dy[i] = rng.nextFloat() * 2f - 1f;
        }
        float[] shift = new float[channels];
        float[] scale = new float[channels];
        float[] offset = new float[channels];
        for (int c = 0; c < channels; c++) {
            shift[c] = rng.nextFloat() * 2f;
            scale[c] = rng.nextFloat() + 0.5f;
            offset[c] = rng.nextFloat() - 0.5f;
        }
        Rectifier leaky = Rectifier.leaky(0.2f);
        double[] sums = new double[channels];
        double[] squares = new double[2 * channels];
        double[] dots = new double[2 * channels];
        double[] magnitude = new double[channels];
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < plane; p++) {
                    int i = (n * channels + c) * plane + p;
                    double d = (double) x[i] - shift[c];
                    double g = Math.fma(x[i] - shift[c], scale[c], offset[c]) > 0f ? dy[i] : 0.2 * dy[i];
                    sums[c] += x[i];
                    squares[2 * c] += d;
                    squares[2 * c + 1] += d * d;
                    dots[2 * c] += g;
                    dots[2 * c + 1] += g * d;
                    magnitude[c] += Math.abs(x[i]) + d * d + Math.abs(g) * (1 + Math.abs(d));
                }
            }
        }
        double[] gotSums = filled(channels);
        ChannelSums.sums(x, batch, channels, plane, gotSums);
        double[] gotSquares = filled(2 * channels);
        ChannelSums.sumsAndSquaresShifted(x, shift, batch, channels, plane, gotSquares);
        double[] gotDots = filled(2 * channels);
        ChannelSums.sumsAndDotsShifted(dy, leaky, scale, offset, x, shift, batch, channels, plane, gotDots);
        for (int c = 0; c < channels; c++) {
            double tolerance = 1e-6 * magnitude[c] + 1e-9;
            assertEquals(sums[c], gotSums[c], tolerance, "sum of channel " + c);
            for (int k = 0; k < 2; k++) {
                assertEquals(squares[2 * c + k], gotSquares[2 * c + k], tolerance, "shifted sums of channel " + c);
                assertEquals(dots[2 * c + k], gotDots[2 * c + k], tolerance, "gradient sums of channel " + c);
            }
        }
        double[] again = filled(2 * channels);
        ChannelSums.sumsAndSquaresShifted(x, shift, batch, channels, plane, again);
        assertArrayEquals(gotSquares, again, "the same sums on a second call");
    }

    /** NaN everywhere: the sums overwrite their output. */
    private static double[] filled(int n) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, Double.NaN);
        return out;
    }
}
