package dev.jgan.gan.eval;

import dev.jgan.tensor.Tensor;

/**
 * Scores sets of images against one reference set, in the feature space of a
 * {@link SmallClassifier}: the reference's feature Gaussian is fitted once, then every
 * {@link #score} fits the samples' Gaussian and computes the FID, and reads the class
 * scores (IS analogue, predicted-class histogram and its entropy) from the softmax.
 */
public final class SampleScorer {
    private static final int BATCH = 500;

    private final SmallClassifier classifier;
    private final Fid.Gaussian reference;
    private final int referenceCount;

    public SampleScorer(SmallClassifier classifier, Tensor referenceImages) {
        this.classifier = classifier;
        this.reference = Fid.Gaussian.fit(classifier.classify(referenceImages, BATCH).features());
        this.referenceCount = referenceImages.dim(0);
    }

    /** The scores of one set of images against the reference. */
    public record Scores(int count, double fid, ClassScores classes) {}

    public Scores score(Tensor images) {
        SmallClassifier.Outputs outputs = classifier.classify(images, BATCH);
        double fid = Fid.distance(Fid.Gaussian.fit(outputs.features()), reference);
        return new Scores(images.dim(0), fid, ClassScores.of(outputs.probabilities()));
    }

    public int referenceCount() {
        return referenceCount;
    }

    public SmallClassifier classifier() {
        return classifier;
    }
}
