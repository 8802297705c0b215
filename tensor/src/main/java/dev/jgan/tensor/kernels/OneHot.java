package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Tensor;
import java.util.Arrays;

/** One-hot codes of class labels, as planes: the conditioning input of a class-conditional network. */
public final class OneHot {
    private OneHot() {}

    /** The one-hot code of each label written over all of {@code planes} [N, classes, h, w]; returns planes. */
    public static Tensor planesInto(int[] labels, Tensor planes) {
        if (planes.rank() != 4 || planes.dim(0) != labels.length) {
            throw new IllegalArgumentException("label planes for " + labels.length + " labels must be [" + labels.length
                    + ", classes, h, w], got " + planes.shapeString());
        }
        int classes = planes.dim(1);
        float[] d = planes.data();
        int plane = planes.dim(2) * planes.dim(3);
        Arrays.fill(d, 0f);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " is outside [0, " + classes + ")");
            }
            int from = (i * classes + labels[i]) * plane;
            Arrays.fill(d, from, from + plane, 1f);
        }
        return planes;
    }
}
