package dev.jgan.gan.eval;

import dev.jgan.gan.data.Dataset;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Scores image sets of known quality against the test split, to show what the evaluator's
 * numbers mean: real training images (the best a generator can do), the same images blurred
 * or noisy, sets collapsed onto two classes or one, and pure noise. Every set is drawn from
 * the training split (disjoint from the reference) with as many images as the test split,
 * except the one-class set, which holds every training image of its class.
 */
public final class Calibration {
    /** One scored set. */
    public record Row(String name, SampleScorer.Scores scores) {}

    private Calibration() {}

    public static List<Row> run(EvalSplits splits, SampleScorer scorer, long seed) {
        Dataset train = splits.train();
        int n = Math.min(splits.test().size(), train.size());
        int[] order = permutation(train.size(), seed);
        Tensor real = train.gatherImages(Arrays.copyOf(order, n), null);
        List<String> names = train.classNames();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("real (train subset)", scorer.score(real)));
        rows.add(new Row("real + N(0, 0.25^2) noise", scorer.score(ImagePerturbations.addNoise(real, 0.25f, seed + 1))));
        rows.add(new Row("real, blurred sigma 1", scorer.score(ImagePerturbations.gaussianBlur(real, 1.0))));
        rows.add(new Row("real, blurred sigma 2", scorer.score(ImagePerturbations.gaussianBlur(real, 2.0))));
        rows.add(new Row("two classes only (" + names.get(0) + ", " + names.get(1) + ")",
                scorer.score(train.gatherImages(ofClasses(train, order, n, 0, 1), null))));
        rows.add(new Row("one class only (" + names.get(0) + ")",
                scorer.score(train.gatherImages(ofClasses(train, order, n, 0), null))));
        rows.add(new Row("Gaussian noise N(0, 1), clipped",
                scorer.score(ImagePerturbations.gaussianNoise(real.shape(), 1f, seed + 2))));
        return rows;
    }

    /** Up to {@code limit} indices from {@code order} whose label is one of {@code classes}. */
    private static int[] ofClasses(Dataset data, int[] order, int limit, int... classes) {
        int[] picked = new int[limit];
        int count = 0;
        for (int i = 0; i < order.length && count < limit; i++) {
            int label = data.label(order[i]);
            for (int c : classes) {
                if (label == c) {
                    picked[count++] = order[i];
                }
            }
        }
        return Arrays.copyOf(picked, count);
    }

    private static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        new Rng(seed).shuffle(order);
        return order;
    }

    /** The rows as a Markdown table. */
    public static String table(List<Row> rows, int classes) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "| set | n | FID | IS | class entropy (max %.3f) | classes present |%n",
                Math.log(classes)));
        out.append("|---|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            SampleScorer.Scores s = row.scores();
            long present = Arrays.stream(s.classes().histogram()).filter(c -> c > 0).count();
            out.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.3f | %d |%n", row.name(), s.count(),
                    s.fid(), s.classes().inceptionScore(), s.classes().histogramEntropy(), present));
        }
        return out.toString();
    }
}
