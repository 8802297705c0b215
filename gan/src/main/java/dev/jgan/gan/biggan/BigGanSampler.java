package dev.jgan.gan.biggan;

import dev.jgan.tensor.Tensor;

/** A loaded BigGAN-deep generator on some device: {@link BigGanModel} on the CPU, {@link BackendBigGanModel} on a backend. */
public interface BigGanSampler extends AutoCloseable {
    /** The generator's architecture and output size. */
    BigGanConfig config();

    /**
     * Images float32 [N, 3, H, W] in [-1, 1] from z [N, z_dim] (already scaled by the truncation) and
     * class vectors [N, num_classes]; the truncation (0 < t <= 1) selects the batch-norm statistics.
     */
    Tensor generate(Tensor z, Tensor classVectors, double truncation);

    /** Releases device memory (and the device, where the sampler owns it). */
    @Override
    void close();
}
