package dev.jgan.gan.biggan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The activation buffers a model reuses between calls never change its images: a used model
 * gives the bits a fresh one gives, whatever it generated before (other inputs, other batch
 * sizes, batches split into chunks) and when two threads call it at once.
 */
class BigGanWorkspaceTest {
    private static BigGanWeights weights;
    private static BigGanConfig config;

    @BeforeAll
    static void load() throws IOException {
        weights = BigGanFiles.read(BigGanFixtures.checkpoint("tiny128-zip"));
        config = weights.config();
    }

    @Test
    void secondCallGivesTheBitsOfAFreshModel() {
        BigGanModel used = new BigGanModel(weights);
        used.generate(z(2, 1), classes(2, 1), 0.4);
        Tensor z = z(2, 2), classes = classes(2, 2);
        float[] second = used.generate(z, classes, 0.4).data();
        assertArrayEquals(fresh(z, classes, 0.4), second);
        assertArrayEquals(second, used.generate(z, classes, 0.4).data(), "third call");
    }

    @Test
    void batchSizesInARowGiveTheBitsOfAFreshModel() {
        BigGanModel used = new BigGanModel(weights);
        // 8 images of 128x128 make one chunk: 9 and 17 images end with partial chunks
        int[] sizes = {9, 1, 3, 17, 2};
        for (int i = 0; i < sizes.length; i++) {
            Tensor z = z(sizes[i], 10 + i), classes = classes(sizes[i], 10 + i);
            assertArrayEquals(fresh(z, classes, 0.7), used.generate(z, classes, 0.7).data(), "batch of " + sizes[i]);
        }
        long afterSmall = used.workspaceBytes();
        assertTrue(afterSmall > 0, "buffers kept between calls");
        used.generate(z(1, 30), classes(1, 30), 0.7);
        assertTrue(used.workspaceBytes() < afterSmall, "a call for one image keeps fewer buffers than one for two: "
                + used.workspaceBytes() + " vs " + afterSmall + " bytes");
    }

    @Test
    void concurrentCallsGiveTheBitsOfSequentialOnes() throws Exception {
        BigGanModel shared = new BigGanModel(weights);
        int calls = 4;
        List<Tensor> zs = new ArrayList<>(), cs = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            zs.add(z(1 + i, 40 + i));
            cs.add(classes(1 + i, 40 + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Tensor>> results = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                int k = i;
                Callable<Tensor> call = () -> shared.generate(zs.get(k), cs.get(k), 0.5);
                results.add(pool.submit(call));
            }
            for (int i = 0; i < calls; i++) {
                assertArrayEquals(fresh(zs.get(i), cs.get(i), 0.5), results.get(i).get().data(), "call " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void buffersAreReusedByLengthWhateverTheShape() {
        Workspace ws = new Workspace();
        ws.begin();
        Tensor a = ws.take(4, 6);
        float[] data = a.data();
        ws.give(a);
        Tensor b = ws.take(2, 3, 4);
        assertTrue(data == b.data(), "same array for the same length");
        assertArrayEquals(new int[] {2, 3, 4}, b.shape());
        ws.give(b);
        assertEquals(4L * 24, ws.bytes());
        ws.begin();
        ws.begin();
        assertEquals(0L, ws.bytes(), "a call that used nothing keeps nothing");
    }

    private static float[] fresh(Tensor z, Tensor classes, double truncation) {
        return new BigGanModel(weights).generate(z, classes, truncation).data();
    }

    private static Tensor z(int n, long seed) {
        return Tensor.normal(new Rng(seed), 0f, 0.5f, n, config.zDim());
    }

    private static Tensor classes(int n, long seed) {
        Rng rng = new Rng(seed + 1000);
        Tensor c = Tensor.zeros(n, config.numClasses());
        for (int i = 0; i < n; i++) {
            c.set(1f, i, rng.nextInt(config.numClasses()));
        }
        return c;
    }
}
