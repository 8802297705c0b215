package dev.jgan.gan.cli;

import dev.jgan.gan.data.DatasetCache;
import dev.jgan.gan.eval.Calibration;
import dev.jgan.gan.eval.ClassifierRecipe;
import dev.jgan.gan.eval.EvalSetup;
import dev.jgan.gan.eval.SampleScorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gan eval calibrate}: the evaluator's scores for image sets of known quality. */
@Command(name = "calibrate",
        mixinStandardHelpOptions = true,
        description = "Score sets of known quality against the test set (real training images, blurred, "
                + "noisy, two-class and one-class collapse, pure noise) and print a Markdown table.")
final class CalibrateCommand implements Callable<Integer> {
    @Option(names = "--dataset", defaultValue = "mnist", description = "mnist or fashion-mnist (default: ${DEFAULT-VALUE}).")
    private String dataset;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for the subsets and the noise (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--out", paramLabel = "FILE.md", description = "Also write the table to this file.")
    private Path out;

    @Override
    public Integer call() throws Exception {
        EvalSetup setup = EvalSetup.open(dataset, ClassifierRecipe.STANDARD, DatasetCache.root(), System.out);
        SampleScorer scorer = new SampleScorer(setup.classifier().classifier(), setup.splits().test().images());
        List<Calibration.Row> rows = Calibration.run(setup.splits(), scorer, seed);
        String table = Calibration.table(rows, setup.splits().test().numClasses());
        System.out.printf("reference: %s test split, %d images%n", dataset, scorer.referenceCount());
        System.out.print(table);
        if (out != null) {
            Files.writeString(out, table);
        }
        return 0;
    }
}
