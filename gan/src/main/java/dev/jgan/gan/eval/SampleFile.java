package dev.jgan.gan.eval;

import dev.jgan.nn.io.Npy;
import dev.jgan.nn.io.NpyHeader;
import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads generated samples to evaluate: a NumPy {@code .npy} array [N, 1, size, size] of
 * floating-point values in [-1, 1] (the range of a tanh generator), N >= 2.
 */
public final class SampleFile {
    /** How far past [-1, 1] a value may lie before the file is refused (rounding in other tools). */
    private static final float RANGE_SLACK = 1e-3f;

    private SampleFile() {}

    public static Tensor read(Path file, int size) throws IOException {
        String expected = "[N, 1, " + size + ", " + size + "]";
        if (!Files.isRegularFile(file)) {
            throw new IOException("samples file " + file + " not found (expected a .npy array " + expected + ")");
        }
        NpyHeader header = Npy.readHeader(file);
        int[] shape = header.shape();
        if (shape.length != 4 || shape[1] != 1 || shape[2] != size || shape[3] != size) {
            throw new IOException(file + ": expected samples of shape " + expected + ", found " + Shapes.toString(shape));
        }
        if (shape[0] < 2) {
            throw new IOException(file + ": holds " + shape[0] + " samples, need at least 2 to fit feature statistics");
        }
        if (header.descr().length() < 2 || header.descr().charAt(1) != 'f') {
            throw new IOException(file + ": expected floating-point samples in [-1, 1], found dtype '"
                    + header.descr() + "'");
        }
        Tensor samples = Npy.readFloat(file);
        requireRange(file, samples);
        return samples;
    }

    private static void requireRange(Path file, Tensor samples) throws IOException {
        float[] v = samples.data();
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IOException(file + ": value " + i + " is " + v[i] + "; samples must be finite, in [-1, 1]");
            }
            min = Math.min(min, v[i]);
            max = Math.max(max, v[i]);
        }
        if (min < -1 - RANGE_SLACK || max > 1 + RANGE_SLACK) {
            throw new IOException(file + ": values span [" + min + ", " + max + "], expected [-1, 1]"
                    + " (pixels p in [0, 255] map to p / 127.5 - 1)");
        }
    }
}
