package dev.jgan.gan.dcgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.gan.data.Dataset;
import dev.jgan.nn.io.SafeTensors;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Tiny mnist28-shaped training runs for tests: 64 synthetic two-class images, width 8, batch 16. */
final class TinyRuns {
    static final int IMAGES = 64;
    static final int BATCH = 16;

    private TinyRuns() {}

    /** Bars on a dark background: class 0 horizontal, class 1 vertical, at random places. */
    static Dataset dataset(boolean poisoned) {
        Rng rng = new Rng(42);
        float[] pixels = new float[IMAGES * 28 * 28];
        int[] labels = new int[IMAGES];
        Arrays.fill(pixels, -1f);
        for (int i = 0; i < IMAGES; i++) {
            labels[i] = i % 2;
            int at = 4 + rng.nextInt(20);
            for (int k = 4; k < 24; k++) {
                int y = labels[i] == 0 ? at : k;
                int x = labels[i] == 0 ? k : at;
                pixels[i * 784 + y * 28 + x] = 1f;
            }
        }
        if (poisoned) {
            Arrays.fill(pixels, Float.NaN);
        }
        return new Dataset("bars", Tensor.wrap(pixels, IMAGES, 1, 28, 28), labels, List.of("horizontal", "vertical"));
    }

    static DcganConfig plain() {
        return new DcganConfig(Preset.MNIST28, 1, 8, 16, false, 0, false, GanLoss.BCE, 0f, 0f);
    }

    /** Every option that adds state: labels, spectral-norm vectors, the moving average; plus label smoothing. */
    static DcganConfig everyOption() {
        return new DcganConfig(Preset.MNIST28, 1, 8, 16, true, 2, true, GanLoss.BCE, 0.1f, 0.9f);
    }

    static TrainOptions options(DcganConfig config, Path out, long maxSteps, boolean resume) {
        return new TrainOptions(config, "bars", out, 3, BATCH, 7, maxSteps, 0, resume);
    }

    static DcganTrainer.Summary train(TrainOptions options, Dataset data, Checkpoint.Writer writer) throws IOException {
        return new DcganTrainer(options, data, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                false, writer).train();
    }

    static DcganTrainer.Summary train(TrainOptions options) throws IOException {
        return train(options, dataset(false), Checkpoint.SAFETENSORS);
    }

    /** Asserts two checkpoint files hold bit-identical tensors and the same metadata. */
    static void assertSameCheckpoint(Path expected, Path actual) throws IOException {
        SafeTensors.Contents a = SafeTensors.read(expected);
        SafeTensors.Contents b = SafeTensors.read(actual);
        assertEquals(a.metadata(), b.metadata());
        assertEquals(a.tensors().keySet(), b.tensors().keySet());
        a.tensors().forEach((name, t) -> {
            float[] x = t.data();
            float[] y = b.tensor(name).data();
            assertEquals(x.length, y.length, name);
            for (int i = 0; i < x.length; i++) {
                if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) {
                    assertArrayEquals(x, y, name + " differs at " + i);
                }
            }
        });
    }
}
