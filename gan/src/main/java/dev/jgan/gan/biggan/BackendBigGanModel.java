package dev.jgan.gan.biggan;

import dev.jgan.nn.backend.Backend;
import dev.jgan.tensor.Tensor;

/**
 * A {@link BigGanModel} run on a {@link Backend} (the GPU route): weights uploaded once, activations kept
 * on the device between calls, z and class vectors uploaded per chunk of images and the images downloaded.
 * On {@link dev.jgan.nn.backend.CpuBackend} it computes the CPU model's images bit for bit; the CPU model
 * itself stays the fast CPU route. Not thread-safe: one call at a time.
 */
public final class BackendBigGanModel<T> implements BigGanSampler {
    /** Pixels per chunk of images generated together (64 images at 128x128, 16 at 256, 4 at 512). */
    private static final int CHUNK_PIXELS = 64 * 128 * 128;

    private final BigGanConfig config;
    private final BackendBigGanGenerator<T> generator;
    private final BackendWorkspace<T> workspace;
    private final Runnable onClose;

    /** The model's weights uploaded to {@code backend}; {@code onClose} runs after the backend's memory is released. */
    public BackendBigGanModel(Backend<T> backend, BigGanModel model, Runnable onClose) {
        this.config = model.config();
        this.generator = new BackendBigGanGenerator<>(backend, model.generator());
        this.workspace = new BackendWorkspace<>(backend);
        this.onClose = onClose;
    }

    /** The model's weights uploaded to {@code backend}, which stays the caller's. */
    public BackendBigGanModel(Backend<T> backend, BigGanModel model) {
        this(backend, model, () -> {});
    }

    @Override
    public BigGanConfig config() {
        return config;
    }

    /** A short name of the device, e.g. "cpu" or "cuda (NVIDIA H100, FP32)". */
    public String deviceName() {
        return generator.backend().name();
    }

    @Override
    public Tensor generate(Tensor z, Tensor classVectors, double truncation) {
        TruncationStats stats = BigGanModel.checkInputs(config, z, classVectors, truncation);
        Backend<T> backend = generator.backend();
        int n = z.dim(0), size = config.outputSize(), perImage = 3 * size * size;
        int chunk = Math.max(1, CHUNK_PIXELS / (size * size));
        Tensor images = Tensor.zeros(n, 3, size, size);
        workspace.begin();
        for (int first = 0; first < n; first += chunk) {
            int count = Math.min(chunk, n - first);
            T zRows = upload(count == n ? z : rows(z, first, count));
            T classRows = upload(count == n ? classVectors : rows(classVectors, first, count));
            T part = generator.forward(zRows, classRows, stats, workspace);
            Tensor host = count == n ? images : Tensor.zeros(count, 3, size, size);
            backend.download(part, host);
            if (host != images) {
                System.arraycopy(host.data(), 0, images.data(), first * perImage, count * perImage);
            }
            workspace.give(part);
            workspace.give(zRows);
            workspace.give(classRows);
        }
        return images;
    }

    /** Activation tensors allocated on the device so far (none once a call has seen the shapes). */
    int workspaceAllocations() {
        return workspace.allocations();
    }

    @Override
    public void close() {
        workspace.close();
        generator.close();
        onClose.run();
    }

    private T upload(Tensor host) {
        T t = workspace.take(host.shape());
        generator.backend().upload(host, t);
        return t;
    }

    private static Tensor rows(Tensor t, int first, int count) {
        int width = t.dim(1);
        float[] data = new float[count * width];
        System.arraycopy(t.data(), first * width, data, 0, count * width);
        return Tensor.wrap(data, count, width);
    }
}
