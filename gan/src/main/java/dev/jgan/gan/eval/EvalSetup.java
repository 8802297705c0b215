package dev.jgan.gan.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** What scoring against a dataset needs: its splits and its cached (or freshly trained) classifier. */
public record EvalSetup(String dataset, EvalSplits splits, ClassifierCache.Entry classifier) {
    /** The datasets the evaluator knows, all of 28x28 grey images. */
    public static final List<String> DATASETS = List.of("mnist", "fashion-mnist");
    public static final int IMAGE_SIZE = 28;

    /** Throws a one-line error unless {@code dataset} is one of {@link #DATASETS}. */
    public static void requireKnown(String dataset) {
        if (!DATASETS.contains(dataset)) {
            throw new IllegalArgumentException("unknown dataset '" + dataset + "' for evaluation: expected "
                    + String.join(" or ", DATASETS));
        }
    }

    /** Loads the splits from {@code dataRoot} (fetching when missing) and the classifier for {@code recipe}. */
    public static EvalSetup open(String dataset, ClassifierRecipe recipe, Path dataRoot, PrintStream log)
            throws IOException {
        requireKnown(dataset);
        EvalSplits splits = EvalSplits.load(dataset, dataRoot, log);
        ClassifierCache.Entry entry = ClassifierCache.loadOrTrain(dataset, splits, recipe,
                ClassifierCache.folder(dataRoot), log);
        log.printf("classifier: %s (test accuracy %.2f%%)%n", entry.file(), 100 * entry.testAccuracy());
        return new EvalSetup(dataset, splits, entry);
    }
}
