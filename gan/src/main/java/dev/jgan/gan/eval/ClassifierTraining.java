package dev.jgan.gan.eval;

import dev.jgan.gan.data.BatchReader;
import dev.jgan.gan.data.Batches;
import dev.jgan.gan.data.Dataset;
import dev.jgan.nn.autograd.Loss;
import dev.jgan.nn.autograd.Var;
import dev.jgan.nn.optim.Adam;
import dev.jgan.tensor.Rng;
import java.io.PrintStream;

/**
 * Trains the evaluation classifier with softmax cross-entropy and Adam, following a
 * {@link ClassifierRecipe}: the same recipe, data and thread count give the same weights.
 */
public final class ClassifierTraining {
    private static final int EVAL_BATCH = 500;

    private ClassifierTraining() {}

    /** A classifier trained on the labelled square grey images of {@code train}. */
    public static SmallClassifier train(Dataset train, ClassifierRecipe recipe, PrintStream log) {
        if (!train.hasLabels() || train.channels() != 1 || train.height() != train.width()) {
            throw new IllegalArgumentException("the evaluation classifier needs labelled square grey images, got " + train);
        }
        if (train.numClasses() != recipe.widths().classes()) {
            throw new IllegalArgumentException(train.name() + " has " + train.numClasses() + " classes but the recipe "
                    + "builds a classifier for " + recipe.widths().classes());
        }
        int count = recipe.imagesPerEpoch() == 0 ? train.size() : Math.min(recipe.imagesPerEpoch(), train.size());
        Rng rng = new Rng(recipe.seed());
        SmallClassifier classifier = new SmallClassifier(recipe.widths(), train.height(), rng);
        BatchReader reader = new BatchReader(train, Batches.shuffled(train.size(), recipe.batchSize(), false, rng.nextLong()));
        int batchesPerEpoch = (count + recipe.batchSize() - 1) / recipe.batchSize();
        double learningRate = recipe.learningRate();
        Adam adam = new Adam(classifier.parameters(), learningRate, 0.9, 0.999);
        long start = System.nanoTime();
        long seen = 0;
        for (int epoch = 1; epoch <= recipe.epochs(); epoch++) {
            double lossSum = 0;
            for (int step = 0; step < batchesPerEpoch; step++) {
                BatchReader.Batch batch = reader.next();
                adam.zeroGrad();
                Var loss = Loss.crossEntropy(classifier.logits(classifier.features(Var.constant(batch.images()))),
                        batch.labels());
                loss.backward();
                adam.step();
                lossSum += loss.item();
                seen += batch.size();
            }
            skipRestOfEpoch(reader);
            double seconds = (System.nanoTime() - start) / 1e9;
            log.printf("classifier epoch %d/%d: mean loss %.4f, %.0f images/s%n", epoch, recipe.epochs(),
                    lossSum / batchesPerEpoch, seen / seconds);
            learningRate *= recipe.learningRateDecay();
            Adam next = new Adam(classifier.parameters(), learningRate, 0.9, 0.999);
            next.loadState(adam.state());
            adam = next;
        }
        return classifier;
    }

    /** Moves the batch order to the next epoch when the recipe draws only part of the data per epoch. */
    private static void skipRestOfEpoch(BatchReader reader) {
        while (!reader.batches().epochDone()) {
            reader.batches().next();
        }
    }

    /** Fraction of {@code data}'s images whose most probable class is their label. */
    public static double accuracy(SmallClassifier classifier, Dataset data) {
        float[][] probabilities = classifier.classify(data.images(), EVAL_BATCH).probabilities();
        int correct = 0;
        for (int i = 0; i < probabilities.length; i++) {
            correct += ClassScores.argmax(probabilities[i]) == data.label(i) ? 1 : 0;
        }
        return correct / (double) probabilities.length;
    }
}
