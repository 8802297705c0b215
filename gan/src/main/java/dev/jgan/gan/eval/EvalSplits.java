package dev.jgan.gan.eval;

import dev.jgan.gan.data.Dataset;
import dev.jgan.gan.data.DatasetCache;
import dev.jgan.gan.data.FashionMnistLoader;
import dev.jgan.gan.data.MnistLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The labelled training and test images of a dataset the evaluator knows. MNIST has its own
 * split (60,000 / 10,000). The Fashion-MNIST package merges both splits, 7,000 images per class;
 * the last {@value #FASHION_TEST_PER_CLASS} of each class are taken as the test set, the rest
 * (60,000) as the training set.
 */
public record EvalSplits(Dataset train, Dataset test) {
    static final int FASHION_TEST_PER_CLASS = 1000;

    /** Loads "mnist" or "fashion-mnist" from {@code cacheRoot}, fetching it when missing. */
    public static EvalSplits load(String dataset, Path cacheRoot, PrintStream log) throws IOException {
        return switch (dataset) {
            case "mnist" -> {
                Path folder = DatasetCache.fetch("mnist", cacheRoot, log);
                yield new EvalSplits(MnistLoader.loadTrain(folder), MnistLoader.load(folder, "t10k", "mnist-test"));
            }
            case "fashion-mnist" -> splitByClass(FashionMnistLoader.load(DatasetCache.fetch("fashion-mnist", cacheRoot, log)),
                    FASHION_TEST_PER_CLASS);
            default -> throw new IllegalArgumentException("unknown dataset '" + dataset
                    + "' for evaluation: expected mnist or fashion-mnist");
        };
    }

    /** The last {@code testPerClass} images of every class as the test set, the others as the training set. */
    static EvalSplits splitByClass(Dataset all, int testPerClass) {
        int[] counts = all.classCounts();
        for (int label = 0; label < counts.length; label++) {
            if (counts[label] <= testPerClass) {
                throw new IllegalArgumentException(all.name() + ": class " + label + " holds " + counts[label]
                        + " images, too few to hold out " + testPerClass + " for testing");
            }
        }
        int testCount = testPerClass * counts.length;
        int[] train = new int[all.size() - testCount];
        int[] test = new int[testCount];
        int[] seen = new int[counts.length];
        int trainAt = 0;
        int testAt = 0;
        for (int i = 0; i < all.size(); i++) {
            int label = all.label(i);
            if (seen[label]++ >= counts[label] - testPerClass) {
                test[testAt++] = i;
            } else {
                train[trainAt++] = i;
            }
        }
        return new EvalSplits(subset(all, train, all.name()), subset(all, test, all.name() + "-test"));
    }

    /** The images (and labels) at {@code indices}, in that order. */
    public static Dataset subset(Dataset source, int[] indices, String name) {
        return new Dataset(name, source.gatherImages(indices, null), source.gatherLabels(indices, null),
                source.classNames());
    }
}
