package dev.jgan.tensor.kernels;

import static dev.jgan.tensor.reference.Compare.assertClose;
import static dev.jgan.tensor.reference.Compare.doubles;
import static dev.jgan.tensor.reference.Compare.numericGradient;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.Vectors;
import dev.jgan.tensor.reference.ReferenceSoftmax;
import org.junit.jupiter.api.Test;

class SoftmaxTest {
    /** Shape and axis pairs: last, first and middle axes, with odd lengths and a few large ones. */
    static final int[][][] CASES = {
        {{7}, {0}}, {{1, 1}, {1}}, {{3, 13}, {-1}}, {{3, 13}, {0}}, {{2, 3, 5, 7}, {1}}, {{2, 3, 5, 7}, {3}},
        {{2, 3, 5, 7}, {0}}, {{4, 1000}, {1}}, {{2, 17, 33, 9}, {1}}, {{64, 1100}, {1}}, {{2, 10, 64, 65}, {1}},
        {{31, 33}, {0}},
    };

    /** Calls of a softmax of many short lines that take the kernel from the interpreter to the optimising JIT. */
    static final int WARM_CALLS = 500;

    @Test
    void forwardAndBackwardMatchReference() {
        for (int[][] c : CASES) {
            int[] shape = c[0];
            int axis = Shapes.axis(c[1][0], shape.length);
            int outer = Shapes.size(shape, 0, axis), n = shape[axis], inner = Shapes.size(shape, axis + 1, shape.length);
            Tensor x = Tensor.normal(n, 0f, 3f, shape);
            String name = Shapes.toString(shape) + " axis " + c[1][0];
            Tensor y = Softmax.forward(x, c[1][0]);
            double[] expected = ReferenceSoftmax.forward(doubles(x), outer, n, inner);
            assertClose(expected, y, "forward " + name);
            Tensor dy = Tensor.normal(n + 1, 0f, 1f, shape);
            assertClose(backwardReference(doubles(dy), expected, outer, n, inner), Softmax.backward(dy, y, c[1][0]),
                    "backward " + name);
        }
    }

    @Test
    void largeInputsStayFinite() {
        Tensor x = Tensor.normal(5, 0f, 1000f, 3, 37);
        Tensor y = Softmax.forward(x, 1);
        for (float v : y.data()) {
            assertTrue(v >= 0f && v <= 1f, "softmax value " + v);
        }
        assertClose(ReferenceSoftmax.forward(doubles(x), 3, 37, 1), y, "large inputs");
        Tensor strided = Softmax.forward(Tensor.normal(6, 0f, 1000f, 37, 3), 0);
        assertClose(ReferenceSoftmax.forward(doubles(Tensor.normal(6, 0f, 1000f, 37, 3)), 1, 37, 3), strided, "strided");
    }

    /**
     * Rows of odd length whose scalar tail repeats values from the vector body must give those
     * values identical bits, on the first calls and after the JIT has compiled the kernel (the
     * case with many rows is called often enough for that; each call is checked).
     */
    @Test
    void rowTailGivesTheSameBitsAsTheVectorBodyColdAndWarm() {
        int lanes = Vectors.LANES;
        for (int n : new int[] {2 * lanes + 1, 4 * lanes - 1, 6 * lanes + 3}) {
            checkTailsRepeatBody(new int[] {7, n}, 1);
        }
        checkTailsRepeatBody(new int[] {256, 4 * lanes - 1}, WARM_CALLS);
    }

    /** The same along a strided axis: inner positions past the last whole vector go through the scalar tail. */
    @Test
    void columnTailGivesTheSameBitsAsTheVectorColumnsColdAndWarm() {
        int lanes = Vectors.LANES;
        for (int inner : new int[] {lanes + 1, 3 * lanes - 1}) {
            checkTailsRepeatBody(new int[] {3, 37, inner}, 1);
        }
        checkTailsRepeatBody(new int[] {64, 7, 3 * lanes - 1}, WARM_CALLS);
    }

    /**
     * Softmax along axis 1 of x whose last dimension has its tail elements, from loopBound(width)
     * on, copied from the start of the same line; asserts after each of the calls that every copy
     * got the bits of its original.
     */
    private static void checkTailsRepeatBody(int[] shape, int calls) {
        int width = shape[shape.length - 1], tail = Vectors.loopBound(width);
        Tensor x = Tensor.normal(width, 0f, 5f, shape);
        float[] v = x.data();
        for (int line = 0; line < v.length; line += width) {
            System.arraycopy(v, line, v, line + tail, width - tail);
        }
        Tensor y = Tensor.zeros(shape);
        for (int call = 0; call < calls; call++) {
            float[] out = Softmax.forwardInto(x, 1, y).data();
            for (int line = 0; line < out.length; line += width) {
                for (int i = tail; i < width; i++) {
                    if (Float.floatToIntBits(out[line + i]) != Float.floatToIntBits(out[line + i - tail])) {
                        throw new AssertionError("softmax of " + Shapes.toString(shape) + " axis 1, call "
                                + call + ": tail element " + (line + i) + " = " + out[line + i] + " but its copy "
                                + (line + i - tail) + " = " + out[line + i - tail]);
                    }
                }
            }
        }
    }

    @Test
    void backwardFormulaMatchesFiniteDifferences() {
        Tensor x = Tensor.normal(1, 0f, 1f, 2, 5, 3);
        Tensor dy = Tensor.normal(2, 0f, 1f, 2, 5, 3);
        double[] numeric = numericGradient(v -> ReferenceSoftmax.forward(v, 2, 5, 3), doubles(x), doubles(dy));
        Tensor y = Softmax.forward(x, 1);
        assertClose(numeric, doubles(Softmax.backward(dy, y, 1)), 1e-5, "dx");
    }

    @Test
    void inPlaceAndErrors() {
        Tensor x = Tensor.normal(3, 0f, 1f, 5, 33);
        double[] expected = ReferenceSoftmax.forward(doubles(x), 5, 33, 1);
        Softmax.forwardInto(x, -1, x);
        assertClose(expected, x, "in place");
        var e = assertThrows(IllegalArgumentException.class,
                () -> Softmax.backward(Tensor.zeros(5, 3), Tensor.zeros(3, 5), 1));
        assertTrue(e.getMessage().contains("[5, 3]") && e.getMessage().contains("[3, 5]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Softmax.forward(x, 2));
    }

    /** dx = y * (dy - sum(dy * y)) along the axis, in float64. */
    private static double[] backwardReference(double[] dy, double[] y, int outer, int n, int inner) {
        double[] dx = new double[y.length];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                double dot = 0;
                for (int k = 0; k < n; k++) {
                    dot += dy[(o * n + k) * inner + j] * y[(o * n + k) * inner + j];
                }
                for (int k = 0; k < n; k++) {
                    int at = (o * n + k) * inner + j;
                    dx[at] = y[at] * (dy[at] - dot);
                }
            }
        }
        return dx;
    }
}
