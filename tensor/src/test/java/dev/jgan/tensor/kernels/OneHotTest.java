package dev.jgan.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Tensor;
import org.junit.jupiter.api.Test;

class OneHotTest {
    @Test
    void labelPlanesAreOneHotOverWhateverTheBufferHeld() {
        Tensor planes = OneHot.planesInto(new int[] {2, 0}, Tensor.full(Float.NaN, 2, 3, 2, 2));
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0},
                planes.data());
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> OneHot.planesInto(new int[] {3}, Tensor.zeros(1, 3, 2, 2)));
        assertTrue(outside.getMessage().contains("label 3 is outside [0, 3)"), outside.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> OneHot.planesInto(new int[] {0, 1}, Tensor.zeros(1, 3, 2, 2)));
        assertTrue(shape.getMessage().contains("label planes for 2 labels"), shape.getMessage());
    }
}
