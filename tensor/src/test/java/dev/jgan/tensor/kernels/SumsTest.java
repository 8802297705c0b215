package dev.jgan.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.tensor.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sums over strided runs (one channel's planes) against float64 loops, runs shorter and longer than a flush block;
 * the gradient sums also gated by a rectifier at z = fma(x - shift, scale, offset).
 */
class SumsTest {

    @ParameterizedTest(name = "{1} runs of {0}, stride {2}")
    @CsvSource({"1, 5, 3", "7, 3, 7", "49, 128, 130", "196, 17, 200", "513, 4, 600", "1100, 3, 1100", "16, 1, 16"})
    void runSumsMatchFloat64Loops(int length, int count, int stride) {
        Rng rng = new Rng(length * 31 + count);
        int from = 2;
        int size = from + (count - 1) * stride + length + 3;
        float[] x = new float[size];
        float[] dy = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = rng.nextFloat() * 4f - 1f;
            dy[i] = rng.nextFloat() * 2f - 1f;
        }
        float slope = 0.2f;
        float shift = 0.75f;
        float scale = 1.3f;
        float offset = -0.4f;
        double sum = 0;
        double squares = 0;
        double sumDy = 0;
        double dot = 0;
        double sumLeaky = 0;
        double dotLeaky = 0;
        double sumRelu = 0;
        double dotRelu = 0;
        double magnitude = 0;
        for (int n = 0; n < count; n++) {
            for (int i = 0; i < length; i++) {
                int at = from + n * stride + i;
                sum += x[at];
                squares += ((double) x[at] - shift) * ((double) x[at] - shift);
                sumDy += dy[at];
                dot += dy[at] * ((double) x[at] - shift);
                boolean positive = Math.fma(x[at] - shift, scale, offset) > 0f;
                double leaky = positive ? dy[at] : (double) slope * dy[at];
                double relu = positive ? dy[at] : 0;
                sumLeaky += leaky;
                dotLeaky += leaky * ((double) x[at] - shift);
                sumRelu += relu;
                dotRelu += relu * ((double) x[at] - shift);
                magnitude += Math.abs(x[at]) + Math.abs(dy[at]) * (Math.abs(x[at]) + shift);
            }
        }
        double tolerance = 1e-6 * magnitude + 1e-9;
        assertEquals(sum, Sums.runsSum(x, from, length, count, stride), tolerance);
        double[] shifted = {Double.NaN, Double.NaN, Double.NaN};
        Sums.runsSumAndSquaresShifted(x, shift, from, length, count, stride, shifted, 1);
        assertEquals(Double.NaN, shifted[0]);
        assertEquals(sum - (double) shift * length * count, shifted[1], tolerance);
        assertEquals(squares, shifted[2], 1e-6 * squares + 1e-9);
        double[] out = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        Sums.runsSumAndDotShifted(dy, null, scale, offset, x, shift, from, length, count, stride, out, 1);
        assertEquals(Double.NaN, out[0]);
        assertEquals(sumDy, out[1], tolerance);
        assertEquals(dot, out[2], tolerance);
        assertEquals(Double.NaN, out[3]);
        Sums.runsSumAndDotShifted(dy, Rectifier.leaky(slope), scale, offset, x, shift, from, length, count, stride,
                out, 1);
        assertEquals(sumLeaky, out[1], tolerance);
        assertEquals(dotLeaky, out[2], tolerance);
        Sums.runsSumAndDotShifted(dy, Rectifier.relu(), scale, offset, x, shift, from, length, count, stride, out, 1);
        assertEquals(sumRelu, out[1], tolerance);
        assertEquals(dotRelu, out[2], tolerance);
    }
}
