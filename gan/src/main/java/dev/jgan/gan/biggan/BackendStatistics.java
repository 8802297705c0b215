package dev.jgan.gan.biggan;

import dev.jgan.nn.backend.Backend;
import dev.jgan.tensor.Tensor;

/**
 * One batch norm's statistics on a backend: the stored rows stay on the host, where the truncation
 * picks them exactly as on the CPU ({@link TruncationStats#selectInto}); the chosen mean and variance [C]
 * are uploaded when the truncation changes.
 */
final class BackendStatistics<T> {
    private final Backend<T> backend;
    private final Tensor meanRows;
    private final Tensor varRows;
    private final Tensor hostMean;
    private final Tensor hostVar;
    private final T mean;
    private final T var;

    BackendStatistics(Tensor meanRows, Tensor varRows, BackendParameters<T> parameters) {
        this.backend = parameters.backend();
        this.meanRows = meanRows;
        this.varRows = varRows;
        int channels = meanRows.dim(1);
        hostMean = Tensor.zeros(channels);
        hostVar = Tensor.zeros(channels);
        mean = parameters.allocate(channels);
        var = parameters.allocate(channels);
    }

    /** Uploads the statistics {@code stats} selects. */
    void select(TruncationStats stats) {
        backend.upload(stats.selectInto(meanRows, hostMean), mean);
        backend.upload(stats.selectInto(varRows, hostVar), var);
    }

    T mean() {
        return mean;
    }

    T var() {
        return var;
    }
}
