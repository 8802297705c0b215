package dev.jgan.gan.cli;

import dev.jgan.gan.eval.SampleScorer;
import java.util.List;
import java.util.Locale;

/** The human-readable lines {@code gan eval} prints for one scored set. */
final class ScoreText {
    private ScoreText() {}

    static String describe(SampleScorer.Scores scores, List<String> classNames, int featureWidth) {
        int classes = classNames.size();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "FID (%d-d classifier features): %.3f%n", featureWidth, scores.fid()));
        out.append(String.format(Locale.ROOT, "IS analogue: %.3f (at most %d)%n",
                scores.classes().inceptionScore(), classes));
        out.append("predicted classes:");
        int[] histogram = scores.classes().histogram();
        for (int c = 0; c < histogram.length; c++) {
            out.append(' ').append(classNames.get(c)).append('=').append(histogram[c]);
        }
        out.append('\n');
        out.append(String.format(Locale.ROOT, "class entropy: %.4f nats (%.4f when uniform)%n",
                scores.classes().histogramEntropy(), Math.log(classes)));
        return out.toString();
    }
}
