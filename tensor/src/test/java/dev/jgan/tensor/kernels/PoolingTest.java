package dev.jgan.tensor.kernels;

import static dev.jgan.tensor.reference.Compare.assertClose;
import static dev.jgan.tensor.reference.Compare.doubles;
import static dev.jgan.tensor.reference.Compare.numericGradient;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.reference.ReferenceSpatial;
import org.junit.jupiter.api.Test;

class PoolingTest {
    static final int[][] SHAPES = {
        {1, 1, 2, 2}, {1, 1, 1, 5}, {1, 3, 7, 13}, {2, 3, 17, 31}, {1, 5, 33, 34}, {2, 1, 100, 100}, {4, 8, 64, 66},
    };

    @Test
    void forwardAndBackwardMatchReference() {
        for (int[] shape : SHAPES) {
            int planes = shape[0] * shape[1], h = shape[2], w = shape[3];
            Tensor x = Tensor.normal(h * w, 0f, 1f, shape);
            double[] xd = doubles(x);
            String name = Shapes.toString(shape);
            Pooling.MaxPool pool = Pooling.maxPool2x2(x);
            assertArrayEquals(new int[] {shape[0], shape[1], h / 2, w / 2}, pool.y().shape(), name);
            assertClose(ReferenceSpatial.maxPool2x2(xd, planes, h, w), pool.y(), "forward " + name);
            Tensor dy = Tensor.normal(7, 0f, 1f, pool.y().shape());
            Tensor dx = Pooling.maxPool2x2Backward(dy, pool.argmax(), shape);
            assertClose(ReferenceSpatial.maxPool2x2Backward(doubles(dy), xd, planes, h, w), dx, "backward " + name);
        }
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        int[] shape = {2, 3, 5, 7};
        Tensor x = Tensor.normal(3, 0f, 1f, shape);
        Pooling.MaxPool pool = Pooling.maxPool2x2(x);
        Tensor dy = Tensor.normal(4, 0f, 1f, pool.y().shape());
        double[] numeric = numericGradient(v -> ReferenceSpatial.maxPool2x2(v, 6, 5, 7), doubles(x), doubles(dy));
        assertClose(numeric, doubles(Pooling.maxPool2x2Backward(dy, pool.argmax(), shape)), 1e-6, "dx");
    }

    @Test
    void tiesGoToTheFirstMaximumAndNaNWins() {
        for (int w : new int[] {2, 6, 4 * dev.jgan.tensor.Vectors.LANES + 2}) {
            int windows = w / 2;
            Tensor x = Tensor.zeros(1, 1, 2, w);
            float[] a = x.data();
            for (int j = 0; j < windows; j++) {
                switch (j % 4) {
                    case 0 -> { } // all four equal: top-left
                    case 1 -> { a[2 * j + 1] = 5f; a[w + 2 * j + 1] = 5f; } // top-right and bottom-right tie
                    case 2 -> { a[w + 2 * j] = 3f; a[w + 2 * j + 1] = 3f; } // bottom row ties
                    default -> { a[2 * j + 1] = 1f; a[w + 2 * j] = Float.NaN; a[w + 2 * j + 1] = 9f; }
                }
            }
            Pooling.MaxPool pool = Pooling.maxPool2x2(x);
            for (int j = 0; j < windows; j++) {
                int expected = switch (j % 4) {
                    case 0 -> 2 * j;
                    case 1 -> 2 * j + 1;
                    case 2 -> w + 2 * j;
                    default -> w + 2 * j;
                };
                assertEquals(expected, pool.argmax()[j], "window " + j + " of width " + w);
                if (j % 4 == 3) {
                    assertTrue(Float.isNaN(pool.y().data()[j]), "NaN propagates in window " + j);
                }
            }
        }
    }

    @Test
    void badShapesNameBothShapes() {
        Tensor x = Tensor.zeros(1, 2, 6, 6);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Pooling.maxPool2x2Into(x, Tensor.zeros(1, 2, 3, 2), null));
        assertTrue(e.getMessage().contains("[1, 2, 6, 6]") && e.getMessage().contains("[1, 2, 3, 2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pooling.maxPool2x2Into(x, Tensor.zeros(1, 2, 3, 3), new int[5]));
        var b = assertThrows(IllegalArgumentException.class,
                () -> Pooling.maxPool2x2Backward(Tensor.zeros(1, 2, 3, 4), new int[24], new int[] {1, 2, 6, 6}));
        assertTrue(b.getMessage().contains("[1, 2, 3, 4]") && b.getMessage().contains("[1, 2, 6, 6]"), b.getMessage());
    }
}
