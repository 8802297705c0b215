package dev.jgan.tensor.kernels;

import static dev.jgan.tensor.reference.Compare.assertClose;
import static dev.jgan.tensor.reference.Compare.doubles;
import static dev.jgan.tensor.reference.Compare.numericGradient;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.reference.ReferenceSpatial;
import org.junit.jupiter.api.Test;

class UpsampleTest {

    @Test
    void forwardAndBackwardMatchReference() {
        for (int[] shape : new int[][] {{1, 1, 1, 1}, {2, 3, 5, 7}, {1, 3, 17, 33}, {1, 1, 3, 100}, {2, 2, 64, 65}}) {
            int planes = shape[0] * shape[1], h = shape[2], w = shape[3];
            Tensor x = Tensor.normal(h + w, 0f, 1f, shape);
            String name = Shapes.toString(shape);
            assertClose(ReferenceSpatial.upsample2x(doubles(x), planes, h, w), Upsample.nearest2x(x), "forward " + name);
            Tensor dy = Tensor.normal(h * w, 0f, 1f, shape[0], shape[1], 2 * h, 2 * w);
            assertClose(ReferenceSpatial.upsample2xBackward(doubles(dy), planes, h, w), Upsample.nearest2xBackward(dy),
                    "backward " + name);
        }
    }

    @Test
    void addUpsampledShortcutMatchesReference() {
        int[][] shapes = {{1, 1, 1, 1, 1}, {2, 3, 5, 7, 3}, {1, 6, 17, 33, 3}, {3, 4, 3, 13, 2}, {2, 8, 31, 31, 4},
            {1, 2, 64, 65, 1}};
        for (int[] s : shapes) {
            int n = s[0], cx = s[1], h = s[2], w = s[3], c = s[4];
            Tensor x = Tensor.normal(h + w, 0f, 1f, n, cx, h, w);
            Tensor y = Tensor.normal(c + w, 0f, 1f, n, c, 2 * h, 2 * w);
            double[] expected = ReferenceSpatial.addUpsample2x(doubles(x), n, cx, h, w, doubles(y), c);
            assertClose(expected, Upsample.addNearest2xInto(x, y), "x " + x.shapeString() + " into y " + y.shapeString());
        }
        var e = assertThrows(IllegalArgumentException.class,
                () -> Upsample.addNearest2xInto(Tensor.zeros(1, 2, 3, 4), Tensor.zeros(1, 3, 6, 8)));
        assertTrue(e.getMessage().contains("[1, 2, 3, 4]") && e.getMessage().contains("[1, 3, 6, 8]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Upsample.addNearest2xInto(Tensor.zeros(2, 4, 3, 4), Tensor.zeros(2, 2, 6, 7)));
        assertTrue(e.getMessage().contains("[2, 4, 3, 4]") && e.getMessage().contains("[2, 2, 6, 7]"), e.getMessage());
    }

    @Test
    void addFirstChannelsShortcutMatchesReference() {
        int[][] shapes = {{1, 1, 1, 1, 1}, {2, 3, 5, 7, 3}, {1, 6, 17, 33, 3}, {3, 4, 3, 13, 2}, {2, 8, 31, 31, 4},
            {1, 2, 64, 65, 1}};
        for (int[] s : shapes) {
            int n = s[0], cx = s[1], h = s[2], w = s[3], c = s[4];
            Tensor x = Tensor.normal(h + w, 0f, 1f, n, cx, h, w);
            Tensor y = Tensor.normal(c + w, 0f, 1f, n, c, h, w);
            double[] expected = ReferenceSpatial.addFirstChannels(doubles(x), n, cx, h * w, doubles(y), c);
            assertClose(expected, Upsample.addFirstChannelsInto(x, y), "x " + x.shapeString() + " into y " + y.shapeString());
        }
        var e = assertThrows(IllegalArgumentException.class,
                () -> Upsample.addFirstChannelsInto(Tensor.zeros(1, 2, 3, 4), Tensor.zeros(1, 3, 3, 4)));
        assertTrue(e.getMessage().contains("[1, 2, 3, 4]") && e.getMessage().contains("[1, 3, 3, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Upsample.addFirstChannelsInto(Tensor.zeros(2, 4, 3, 4), Tensor.zeros(2, 2, 3, 5)));
        assertTrue(e.getMessage().contains("[2, 4, 3, 4]") && e.getMessage().contains("[2, 2, 3, 5]"), e.getMessage());
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        Tensor x = Tensor.normal(1, 0f, 1f, 2, 3, 3, 5);
        Tensor dy = Tensor.normal(2, 0f, 1f, 2, 3, 6, 10);
        double[] numeric = numericGradient(v -> ReferenceSpatial.upsample2x(v, 6, 3, 5), doubles(x), doubles(dy));
        assertClose(numeric, doubles(Upsample.nearest2xBackward(dy)), 1e-6, "dx");
    }

    @Test
    void badShapesNameBothShapes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Upsample.nearest2xInto(Tensor.zeros(1, 2, 3, 4), Tensor.zeros(1, 2, 6, 6)));
        assertTrue(e.getMessage().contains("[1, 2, 3, 4]") && e.getMessage().contains("[1, 2, 6, 6]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Upsample.nearest2xBackward(Tensor.zeros(1, 2, 5, 4)));
    }
}
