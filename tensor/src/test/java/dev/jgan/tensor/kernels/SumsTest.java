package dev.jgan.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.tensor.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Shifted sums over one run against float64 loops, runs shorter and longer than a flush block (and
 * not multiples of the vector width); the gradient sums also gated by a rectifier at
 * z = fma(x - shift, scale, offset). Each adds to what its output already holds.
 */
class SumsTest {

    @ParameterizedTest(name = "run of {0}")
    @CsvSource({"1", "7", "16", "49", "196", "513", "1100", "4099"})
    void shiftedRunSumsMatchFloat64Loops(int length) {
        Rng rng = new Rng(length * 31L);
        int from = 3;
        float[] x = new float[from + length + 5];
        float[] dy = new float[x.length];
        for (int i = 0; i < x.length; i++) {
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
        for (int at = from; at < from + length; at++) {
            double d = (double) x[at] - shift;
            sum += d;
            squares += d * d;
            sumDy += dy[at];
            dot += dy[at] * d;
            boolean positive = Math.fma(x[at] - shift, scale, offset) > 0f;
            double leaky = positive ? dy[at] : (double) slope * dy[at];
            double relu = positive ? dy[at] : 0;
            sumLeaky += leaky;
            dotLeaky += leaky * d;
            sumRelu += relu;
            dotRelu += relu * d;
            magnitude += Math.abs(d) + Math.abs(dy[at]) * (1 + Math.abs(d));
        }
        double tolerance = 1e-6 * magnitude + 1e-9;
        double[] out = {Double.NaN, 10, 20, Double.NaN};
        Sums.sumAndSquaresShifted(x, shift, from, length, out, 1);
        assertEquals(Double.NaN, out[0]);
        assertEquals(10 + sum, out[1], tolerance);
        assertEquals(20 + squares, out[2], 1e-6 * squares + 1e-9);
        assertEquals(Double.NaN, out[3]);
        double[] grads = new double[2];
        Sums.sumAndDotShifted(dy, null, scale, offset, x, shift, from, length, grads, 0);
        assertEquals(sumDy, grads[0], tolerance);
        assertEquals(dot, grads[1], tolerance);
        grads = new double[2];
        Sums.sumAndDotShifted(dy, Rectifier.leaky(slope), scale, offset, x, shift, from, length, grads, 0);
        assertEquals(sumLeaky, grads[0], tolerance);
        assertEquals(dotLeaky, grads[1], tolerance);
        grads = new double[2];
        Sums.sumAndDotShifted(dy, Rectifier.relu(), scale, offset, x, shift, from, length, grads, 0);
        assertEquals(sumRelu, grads[0], tolerance);
        assertEquals(dotRelu, grads[1], tolerance);
    }
}
