package dev.jgan.gan.biggan;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;

/**
 * Which stored batch-norm statistics a truncation selects, exactly as pytorch-pretrained-BigGAN
 * codes it: {@code coef, start = modf(t / (1 / (n_stats - 1)))}, then
 * {@code rows[start] * coef + rows[start + 1] * (1 - coef)} when coef is not 0, else
 * {@code rows[start]}. The weights are swapped relative to a textbook interpolation, and the
 * double division makes some round truncations (0.14, 0.58, 0.94, ...) land a row away; both
 * are reproduced on purpose. The products and the sum are float32, the weights rounded to
 * float32 first, as PyTorch computes a float32 tensor times a Python float.
 *
 * @param start the first stored row used
 * @param coef  the fractional part of the position (0 means row {@code start} alone)
 */
record TruncationStats(int start, double coef) {

    /** The lookup for truncation t (0 < t <= 1) over {@code nStats} stored rows. */
    static TruncationStats of(double truncation, int nStats) {
        if (!(truncation > 0 && truncation <= 1)) {
            throw new IllegalArgumentException("truncation must be in (0, 1], found " + truncation);
        }
        double stepSize = 1.0 / (nStats - 1);
        double position = truncation / stepSize;
        int start = (int) Math.floor(position);
        double coef = position - start;
        if (start >= nStats || coef != 0 && start + 1 >= nStats) {
            throw new IllegalArgumentException("truncation " + truncation + " selects statistics row " + start
                    + (coef != 0 ? " and the next" : "") + ", outside the " + nStats + " stored rows");
        }
        return new TruncationStats(start, coef);
    }

    /** The statistics [C] this lookup gives from stored rows [n_stats, C]. */
    Tensor select(Tensor rows) {
        Shapes.requireRank("truncation statistics", rows, 2);
        return selectInto(rows, Tensor.zeros(rows.dim(1)));
    }

    /** {@link #select} written into {@code out} [C]. */
    Tensor selectInto(Tensor rows, Tensor out) {
        Shapes.requireRank("truncation statistics", rows, 2);
        int channels = rows.dim(1);
        Shapes.requireShape("selected statistics for rows of shape " + rows.shapeString(), out, channels);
        float[] data = rows.data();
        float[] o = out.data();
        int first = start * channels;
        if (coef == 0) {
            System.arraycopy(data, first, o, 0, channels);
        } else {
            float weightStart = (float) coef;
            float weightNext = (float) (1 - coef);
            for (int c = 0; c < channels; c++) {
                float a = data[first + c] * weightStart;
                float b = data[first + channels + c] * weightNext;
                o[c] = a + b;
            }
        }
        return out;
    }
}
