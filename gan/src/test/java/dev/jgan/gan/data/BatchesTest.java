package dev.jgan.gan.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesTest {

    private static List<int[]> draw(Batches batches, int n) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(batches.next());
        }
        return out;
    }

    @Test
    void sameSeedSameOrderOtherSeedOtherOrder() {
        List<int[]> a = draw(Batches.shuffled(103, 10, false, 42), 40);
        List<int[]> b = draw(Batches.shuffled(103, 10, false, 42), 40);
        List<int[]> c = draw(Batches.shuffled(103, 10, false, 43), 40);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "batch " + i);
        }
        assertFalse(Arrays.equals(a.get(0), c.get(0)));
    }

    @Test
    void everyIndexExactlyOncePerEpochWithPartialLastBatch() {
        Batches batches = Batches.shuffled(103, 10, false, 7);
        assertEquals(11, batches.batchesPerEpoch());
        int[] firstEpoch = null;
        for (int epoch = 0; epoch < 3; epoch++) {
            int[] seen = new int[103];
            int[] order = new int[103];
            int filled = 0;
            for (int b = 0; b < 11; b++) {
                assertEquals(b == 0 && epoch > 0, batches.epochDone(), "epoch " + epoch + " batch " + b);
                int[] batch = batches.next();
                assertEquals(epoch, batches.epoch());
                assertEquals(b < 10 ? 10 : 3, batch.length, "batch " + b);
                for (int index : batch) {
                    seen[index]++;
                    order[filled++] = index;
                }
            }
            assertTrue(batches.epochDone());
            for (int i = 0; i < seen.length; i++) {
                assertEquals(1, seen[i], "index " + i + " in epoch " + epoch);
            }
            if (firstEpoch == null) {
                firstEpoch = order;
            } else {
                assertFalse(Arrays.equals(firstEpoch, order), "each epoch is reshuffled");
            }
        }
    }

    @Test
    void dropLastSkipsTheRemainderEachEpoch() {
        Batches batches = Batches.shuffled(25, 8, true, 1);
        assertEquals(3, batches.batchesPerEpoch());
        for (int epoch = 0; epoch < 2; epoch++) {
            boolean[] seen = new boolean[25];
            for (int b = 0; b < 3; b++) {
                int[] batch = batches.next();
                assertEquals(8, batch.length);
                assertEquals(epoch, batches.epoch());
                for (int index : batch) {
                    assertFalse(seen[index]);
                    seen[index] = true;
                }
            }
            assertTrue(batches.epochDone());
        }
        assertThrows(IllegalArgumentException.class, () -> Batches.shuffled(5, 8, true, 1));
    }

    @Test
    void sequentialOrderIsThePlainOrder() {
        Batches batches = Batches.sequential(5, 2, false);
        assertArrayEquals(new int[] {0, 1}, batches.next());
        assertArrayEquals(new int[] {2, 3}, batches.next());
        assertArrayEquals(new int[] {4}, batches.next());
        assertArrayEquals(new int[] {0, 1}, batches.next());
        assertEquals(1, batches.epoch());
    }

    @Test
    void restoredStateContinuesIdentically() {
        Batches original = Batches.shuffled(50, 7, false, 99);
        draw(original, 12);
        long[] midEpoch = original.saveState();
        List<int[]> expected = draw(original, 20);

        Batches resumed = Batches.shuffled(50, 7, false, 12345);
        resumed.restoreState(midEpoch);
        List<int[]> actual = draw(resumed, 20);
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "batch " + i + " after resume");
        }

        Batches atBoundary = Batches.shuffled(50, 7, false, 99);
        draw(atBoundary, 8);
        assertTrue(atBoundary.epochDone());
        long[] boundary = atBoundary.saveState();
        int[] next = atBoundary.next();
        Batches resumedAtBoundary = Batches.shuffled(50, 7, false, 0);
        resumedAtBoundary.restoreState(boundary);
        assertArrayEquals(next, resumedAtBoundary.next());
        assertEquals(1, resumedAtBoundary.epoch());
    }

    @Test
    void restoreRefusesAStateForAnotherShape() {
        long[] state = Batches.shuffled(50, 7, false, 1).saveState();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Batches.shuffled(51, 7, false, 1).restoreState(state));
        assertEquals("saved batch order is for 50 images in batches of 7 (keep last), this one is for 51 images"
                + " in batches of 7 (keep last)", e.getMessage());
    }

    @Test
    void readerGathersImagesAndLabelsIntoReusedTensors() {
        int n = 5;
        Tensor images = Tensor.zeros(n, 2, 1, 2);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                images.data()[i * 4 + j] = i * 10 + j;
            }
            labels[i] = i % 3;
        }
        Dataset data = new Dataset("toy", images, labels, List.of("a", "b", "c"));
        BatchReader reader = new BatchReader(data, Batches.shuffled(n, 2, false, 3));
        BatchReader.Batch first = reader.next();
        Tensor firstImages = first.images();
        int[] firstIndices = first.indices();
        BatchReader.Batch second = reader.next();
        int[] secondIndices = second.indices();
        assertSame(firstImages, second.images(), "full batches reuse one tensor");
        BatchReader.Batch last = reader.next();
        assertEquals(1, last.size());
        assertArrayEquals(new int[] {1, 2, 1, 2}, last.images().shape());
        BatchReader.Batch again = reader.next();
        assertEquals(1, again.epoch());
        assertSame(firstImages, again.images());
        for (BatchReader.Batch batch : List.of(last, again)) {
            for (int i = 0; i < batch.size(); i++) {
                int index = batch.indices()[i];
                for (int j = 0; j < 4; j++) {
                    assertEquals(index * 10 + j, batch.images().data()[i * 4 + j]);
                }
                assertEquals(index % 3, batch.labels()[i]);
            }
        }
        int[] covered = new int[n];
        for (int[] indices : List.of(firstIndices, secondIndices, last.indices())) {
            for (int index : indices) {
                covered[index]++;
            }
        }
        assertArrayEquals(new int[] {1, 1, 1, 1, 1}, covered, "the first epoch covers every image once");
    }
}
