package dev.jgan.gan.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgan.gan.data.Dataset;
import dev.jgan.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvalSplitsTest {
    @Test
    void holdsOutTheLastImagesOfEveryClass() {
        int[] labels = {0, 1, 0, 1, 1, 0, 0, 1};
        float[] values = new float[labels.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        Dataset all = new Dataset("all", Tensor.wrap(values, labels.length, 1, 1, 1), labels, List.of("x", "y"));
        EvalSplits splits = EvalSplits.splitByClass(all, 2);
        assertArrayEquals(new float[] {0, 1, 2, 3}, splits.train().images().data());
        assertArrayEquals(new float[] {4, 5, 6, 7}, splits.test().images().data());
        assertArrayEquals(new int[] {2, 2}, splits.test().classCounts());
        assertEquals(0, splits.train().label(2));
        assertThrows(IllegalArgumentException.class, () -> EvalSplits.splitByClass(all, 4));
    }
}
