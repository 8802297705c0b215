package dev.jgan.gan.data;

import dev.jgan.tensor.Tensor;

/**
 * Reads the mini-batches chosen by a {@link Batches} out of a {@link Dataset} into tensors
 * that are reused from batch to batch (one for full batches, one for a partial last batch).
 */
public final class BatchReader {
    /**
     * One mini-batch. {@code images} and {@code labels} are overwritten by the next call to
     * {@link BatchReader#next}; labels are null for an unlabelled dataset.
     */
    public record Batch(Tensor images, int[] labels, int[] indices, long epoch) {
        public int size() {
            return indices.length;
        }
    }

    private final Dataset dataset;
    private final Batches batches;
    private Tensor fullImages;
    private Tensor partialImages;
    private int[] fullLabels;
    private int[] partialLabels;

    public BatchReader(Dataset dataset, Batches batches) {
        if (batches.count() != dataset.size()) {
            throw new IllegalArgumentException("batch order covers " + batches.count() + " images but "
                    + dataset.name() + " holds " + dataset.size());
        }
        this.dataset = dataset;
        this.batches = batches;
    }

    public Batches batches() {
        return batches;
    }

    /** The next mini-batch (see {@link Batches#next}). */
    public Batch next() {
        int[] indices = batches.next();
        boolean full = indices.length == batches.batchSize();
        Tensor images = dataset.gatherImages(indices, full ? fullImages : partialImages);
        int[] labels = null;
        if (dataset.hasLabels()) {
            labels = dataset.gatherLabels(indices, full ? fullLabels : partialLabels);
        }
        if (full) {
            fullImages = images;
            fullLabels = labels;
        } else {
            partialImages = images;
            partialLabels = labels;
        }
        return new Batch(images, labels, indices, batches.epoch());
    }
}
