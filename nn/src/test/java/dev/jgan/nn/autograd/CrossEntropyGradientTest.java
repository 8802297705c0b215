package dev.jgan.nn.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.nn.testing.GradCheck;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Softmax cross-entropy against a float64 reference written with plain loops. */
class CrossEntropyGradientTest {
    /** mean_i(log(sum_c exp(x_ic)) - x_i[label_i]), computed naively in float64. */
    private static double reference(double[] x, int[] labels, int classes) {
        double total = 0;
        for (int i = 0; i < labels.length; i++) {
            double sumExp = 0;
            for (int c = 0; c < classes; c++) {
                sumExp += Math.exp(x[i * classes + c]);
            }
            total += Math.log(sumExp) - x[i * classes + labels[i]];
        }
        return total / labels.length;
    }

    private static int[] randomLabels(int n, int classes, long seed) {
        Rng rng = new Rng(seed);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(classes);
        }
        return labels;
    }

    @Test
    void matchesTheReferenceAndItsGradient() {
        int[][] shapes = {{1, 1}, {1, 10}, {7, 3}, {13, 10}, {31, 17}};
        for (int[] shape : shapes) {
            int n = shape[0];
            int classes = shape[1];
            Var x = Var.param(Tensor.normal(n * 100L + classes, 0f, 3f, n, classes));
            int[] labels = randomLabels(n, classes, n + classes);
            new GradCheck().input("x", x).check("crossEntropy " + n + "x" + classes,
                    () -> Loss.crossEntropy(x, labels),
                    in -> new double[] {reference(in.get("x"), labels, classes)});
        }
    }

    @Test
    void isStableForLargeLogits() {
        Var x = Var.param(Tensor.of(new float[] {1000f, 0f, -1000f, 0f, 500f, 0f}, 2, 3));
        Var loss = Loss.crossEntropy(x, new int[] {1, 1});
        assertEquals((1000 + 0) / 2.0, loss.item(), 1e-3);
        loss.backward();
        float[] g = x.grad().data();
        assertEquals(0.5f, g[0], 1e-6f);
        assertEquals(-0.5f, g[1], 1e-6f);
        assertEquals(0f, g[2], 1e-6f);
        for (float v : g) {
            assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void rejectsMismatchedLabels() {
        Var x = Var.param(Tensor.zeros(4, 3));
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> Loss.crossEntropy(x, new int[] {0, 1, 2}));
        assertTrue(count.getMessage().contains("[4, 3]"), count.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> Loss.crossEntropy(x, new int[] {0, 1, 3, 0}));
        assertTrue(range.getMessage().contains("label 3 of row 2"), range.getMessage());
    }
}
