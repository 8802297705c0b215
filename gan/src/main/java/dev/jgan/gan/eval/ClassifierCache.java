package dev.jgan.gan.eval;

import dev.jgan.nn.io.SafeTensors;
import dev.jgan.nn.state.StateFile;
import dev.jgan.tensor.Rng;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The trained evaluation classifiers, one safetensors file per dataset and recipe,
 * {@code <folder>/<dataset>-classifier-<recipe fingerprint>.safetensors}, with the recipe and
 * the test accuracy in the file's metadata. A missing file is trained once and written
 * atomically; a changed recipe has another fingerprint and so trains anew.
 */
public final class ClassifierCache {
    private static final String ACCURACY_KEY = "test_accuracy";

    /** A classifier ready for use, where it is stored, and its accuracy on the test split. */
    public record Entry(SmallClassifier classifier, Path file, double testAccuracy, boolean trainedNow) {}

    private ClassifierCache() {}

    /** The classifiers' folder inside the dataset cache folder. */
    public static Path folder(Path dataRoot) {
        return dataRoot.resolve("classifiers");
    }

    public static Path file(Path folder, String dataset, ClassifierRecipe recipe) {
        return folder.resolve(dataset + "-classifier-" + recipe.fingerprint() + ".safetensors");
    }

    /** The cached classifier of {@code dataset} for {@code recipe}, trained on {@code splits.train()} if missing. */
    public static Entry loadOrTrain(String dataset, EvalSplits splits, ClassifierRecipe recipe, Path folder,
                                    PrintStream log) throws IOException {
        Path file = file(folder, dataset, recipe);
        int imageSize = splits.test().height();
        if (Files.isRegularFile(file)) {
            SmallClassifier classifier = new SmallClassifier(recipe.widths(), imageSize, new Rng(0));
            SafeTensors.Contents contents;
            try {
                contents = SafeTensors.read(file);
                StateFile.copyInto(classifier.state(), contents.tensors(), file.toString());
            } catch (IOException | IllegalArgumentException e) {
                throw new IOException("cached classifier " + file + " cannot be used (" + e.getMessage()
                        + "); delete it to train a new one", e);
            }
            String accuracy = contents.metadata().get(ACCURACY_KEY);
            double testAccuracy = accuracy == null ? ClassifierTraining.accuracy(classifier, splits.test())
                    : Double.parseDouble(accuracy);
            return new Entry(classifier, file, testAccuracy, false);
        }
        log.printf("training the %s evaluation classifier once (recipe %s), to be cached in %s%n",
                dataset, recipe.fingerprint(), file);
        long start = System.nanoTime();
        SmallClassifier classifier = ClassifierTraining.train(splits.train(), recipe, log);
        double testAccuracy = ClassifierTraining.accuracy(classifier, splits.test());
        log.printf("classifier trained in %.0f s, test accuracy %.2f%%%n", (System.nanoTime() - start) / 1e9,
                100 * testAccuracy);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("dataset", dataset);
        metadata.put("recipe", "v" + ClassifierRecipe.VERSION + " " + recipe);
        metadata.put(ACCURACY_KEY, Double.toString(testAccuracy));
        Files.createDirectories(folder);
        SafeTensors.write(file, classifier.state(), metadata);
        return new Entry(classifier, file, testAccuracy, true);
    }
}
