package dev.jgan.gan.biggan;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A BigGAN-deep generator (pytorch-pretrained-BigGAN's {@code biggan-deep-128/256/512}
 * architecture, any config.json) ready to generate images, computing exactly what the
 * reference computes in eval mode. {@code -Djgan.biggan.profile=true} prints each stage's time.
 *
 * <p>The weights never change once loaded. The model keeps the activation buffers of its last
 * {@link #generate} call and reuses them in the next, so repeated generation allocates little
 * beyond the returned images. {@link #generate} may be called from several threads at once: a
 * call that finds those buffers in use by another call works in buffers of its own.
 */
public final class BigGanModel implements BigGanSampler {
    /** Pixels per chunk of images generated together (8 images at 128x128, 2 at 256, 1 at 512); bounds the activations' memory. */
    private static final int CHUNK_PIXELS = 8 * 128 * 128;

    private final BigGanGenerator generator;
    /** The buffers the last call kept, or null while a call is using them. */
    private final AtomicReference<Workspace> idle = new AtomicReference<>(new Workspace());

    BigGanModel(BigGanWeights weights) {
        generator = new BigGanGenerator(weights);
    }

    /**
     * Loads a jgan model file (written by {@link #convert}), or a pytorch-pretrained-BigGAN
     * checkpoint: a folder holding {@code pytorch_model.bin} and {@code config.json}, or the
     * {@code .bin} file itself with {@code config.json} beside it.
     */
    public static BigGanModel load(Path path) throws IOException {
        return new BigGanModel(BigGanFiles.read(path));
    }

    /**
     * Converts a checkpoint (folder or {@code .bin}, as {@link #load} takes) to a jgan model
     * file: safetensors with spectral norm resolved, the per-truncation batch-norm statistics,
     * and the config JSON in the metadata.
     */
    public static void convert(Path source, Path destination) throws IOException {
        BigGanFiles.writeModelFile(BigGanFiles.read(source), destination);
    }

    @Override
    public BigGanConfig config() {
        return generator.config();
    }

    /**
     * Generates images float32 [N, 3, H, W] in [-1, 1] from z [N, z_dim] (already scaled by the
     * truncation, as the reference's callers do) and class vectors [N, num_classes] (one-hot or
     * blends); the truncation (0 < t <= 1) selects the batch-norm statistics.
     */
    @Override
    public Tensor generate(Tensor z, Tensor classVectors, double truncation) {
        BigGanConfig config = config();
        TruncationStats stats = checkInputs(config, z, classVectors, truncation);
        int n = z.dim(0);
        int size = config.outputSize();
        Tensor images = Tensor.zeros(n, 3, size, size);
        int perImage = 3 * size * size;
        int chunk = Math.max(1, CHUNK_PIXELS / (size * size));
        Workspace ws = idle.getAndSet(null);
        if (ws == null) {
            ws = new Workspace();
        }
        ws.begin();
        for (int first = 0; first < n; first += chunk) {
            int count = Math.min(chunk, n - first);
            Tensor zRows = rows(z, first, count, ws);
            Tensor classRows = rows(classVectors, first, count, ws);
            Tensor part = generator.forward(zRows, classRows, stats, ws);
            System.arraycopy(part.data(), 0, images.data(), first * perImage, count * perImage);
            ws.give(part);
            ws.give(zRows);
            ws.give(classRows);
        }
        idle.set(ws);
        return images;
    }

    /** Checks z and the class vectors against the config and returns the statistics lookup for the truncation. */
    static TruncationStats checkInputs(BigGanConfig config, Tensor z, Tensor classVectors, double truncation) {
        Shapes.requireRank("biggan: z", z, 2);
        int n = z.dim(0);
        Shapes.requireShape("biggan: z", z, n, config.zDim());
        Shapes.requireShape("biggan: class vectors for z of shape " + z.shapeString(), classVectors, n,
                config.numClasses());
        return TruncationStats.of(truncation, config.nStats());
    }

    /** The CPU generator, whose prepared weights a backend generator uploads. */
    BigGanGenerator generator() {
        return generator;
    }

    /** Bytes of activation buffers the model keeps between calls (0 while a call holds them). */
    long workspaceBytes() {
        Workspace ws = idle.get();
        return ws == null ? 0 : ws.bytes();
    }

    /** Nothing to release: the CPU model's memory is the garbage collector's. */
    @Override
    public void close() {}

    private static Tensor rows(Tensor t, int first, int count, Workspace ws) {
        int width = t.dim(1);
        Tensor out = ws.take(count, width);
        System.arraycopy(t.data(), first * width, out.data(), 0, count * width);
        return out;
    }
}
