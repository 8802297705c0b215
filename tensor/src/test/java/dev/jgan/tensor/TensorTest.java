package dev.jgan.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void factoriesFillShapeAndValues() {
        assertArrayEquals(new float[6], Tensor.zeros(2, 3).data());
        assertArrayEquals(new float[] {1, 1, 1, 1}, Tensor.ones(4).data());
        Tensor full = Tensor.full(2.5f, 3, 1, 2);
        assertArrayEquals(new int[] {3, 1, 2}, full.shape());
        for (float v : full.data()) {
            assertEquals(2.5f, v);
        }
        assertEquals(7f, Tensor.scalar(7f).item());
        assertEquals(0, Tensor.scalar(7f).rank());
    }

    @Test
    void ofCopiesWhileWrapShares() {
        float[] values = {1, 2, 3, 4};
        Tensor copied = Tensor.of(values, 2, 2);
        Tensor wrapped = Tensor.wrap(values, 4);
        values[0] = 9;
        assertEquals(1f, copied.get(0, 0));
        assertEquals(9f, wrapped.get(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(values, 3, 2));
        assertTrue(e.getMessage().contains("[3, 2]"), e.getMessage());
    }

    @Test
    void seededRandomTensorsRepeatAndHaveTheRightMoments() {
        Tensor a = Tensor.normal(42, 1f, 2f, 100_000);
        Tensor b = Tensor.normal(42, 1f, 2f, 100_000);
        assertArrayEquals(a.data(), b.data());
        double mean = 0;
        double square = 0;
        for (float v : a.data()) {
            mean += v;
            square += (v - 1.0) * (v - 1.0);
        }
        mean /= a.size();
        assertEquals(1.0, mean, 0.03);
        assertEquals(4.0, square / a.size(), 0.08);
        Tensor u = Tensor.uniform(3, -1f, 1f, 10_000);
        for (float v : u.data()) {
            assertTrue(v >= -1f && v < 1f, "uniform value " + v);
        }
    }

    @Test
    void reshapeIsAViewAndInfersOneDimension() {
        Tensor t = Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 2, 3);
        Tensor r = t.reshape(3, -1);
        assertArrayEquals(new int[] {3, 2}, r.shape());
        assertSame(t.data(), r.data());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.reshape(4, -1));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, -1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.reshape(-1, -1));
    }

    @Test
    void permuteMatchesIndexDefinition() {
        Rng rng = new Rng(5);
        Tensor t = Tensor.normal(rng, 0f, 1f, 2, 3, 4, 5);
        int[] axes = {2, 0, 3, 1};
        Tensor p = t.permute(axes);
        assertArrayEquals(new int[] {4, 2, 5, 3}, p.shape());
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 3; b++) {
                for (int c = 0; c < 4; c++) {
                    for (int d = 0; d < 5; d++) {
                        assertEquals(t.get(a, b, c, d), p.get(c, a, d, b));
                    }
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> t.permute(0, 0, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> t.permute(0, 1));
    }

    @Test
    void channelSliceAndConcatAreInverse() {
        Tensor t = Tensor.normal(9, 0f, 1f, 3, 7, 2, 5);
        Tensor left = t.sliceChannels(0, 3);
        Tensor right = t.sliceChannels(3, 7);
        assertArrayEquals(new int[] {3, 4, 2, 5}, right.shape());
        assertEquals(t.get(1, 4, 1, 3), right.get(1, 1, 1, 3));
        Tensor joined = Tensor.concatChannels(left, right);
        assertArrayEquals(t.data(), joined.data());
        assertArrayEquals(t.shape(), joined.shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.concatChannels(left, Tensor.zeros(3, 1, 2, 4)));
        assertTrue(e.getMessage().contains("[3, 1, 2, 4]") && e.getMessage().contains("[3, 3, 2, 5]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.sliceChannels(5, 8));
    }

    @Test
    void copyIsIndependentAndCopyFromChecksShapes() {
        Tensor t = Tensor.normal(1, 0f, 1f, 4, 4);
        Tensor c = t.copy();
        assertNotSame(t.data(), c.data());
        c.data()[0] += 1;
        assertTrue(c.data()[0] != t.data()[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.copyFrom(Tensor.zeros(16)));
        assertTrue(e.getMessage().contains("expected shape [4, 4], found [16]"), e.getMessage());
    }

    @Test
    void indexingChecksBounds() {
        Tensor t = Tensor.zeros(2, 3);
        t.set(5f, 1, 2);
        assertEquals(5f, t.data()[5]);
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(2, 0));
        assertThrows(IllegalArgumentException.class, () -> t.get(1));
        assertThrows(IllegalStateException.class, t::item);
    }
}
