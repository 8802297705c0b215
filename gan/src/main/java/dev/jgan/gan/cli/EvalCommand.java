package dev.jgan.gan.cli;

import dev.jgan.gan.data.DatasetCache;
import dev.jgan.gan.eval.ClassifierRecipe;
import dev.jgan.gan.eval.EvalSetup;
import dev.jgan.gan.eval.SampleFile;
import dev.jgan.gan.eval.SampleScorer;
import dev.jgan.tensor.Tensor;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gan eval}: FID, IS analogue and class histogram of generated samples against a dataset. */
@Command(name = "eval",
        mixinStandardHelpOptions = true,
        description = "Score generated samples (.npy, [N, 1, 28, 28] in [-1, 1]) against a dataset's test set: "
                + "FID in the features of a small classifier jgan trains once and caches, an Inception-Score "
                + "analogue, and the histogram of predicted classes with its entropy (low: mode collapse).",
        subcommands = CalibrateCommand.class)
final class EvalCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--dataset", defaultValue = "mnist", description = "mnist or fashion-mnist (default: ${DEFAULT-VALUE}).")
    private String dataset;

    @Option(names = "--samples", paramLabel = "FILE.npy", description = "The samples to score.")
    private Path samples;

    @Option(names = "--reference", defaultValue = "test",
            description = "Reference images: test or train split (default: ${DEFAULT-VALUE}).")
    private String reference;

    @Override
    public Integer call() throws Exception {
        if (samples == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--samples=FILE.npy'");
        }
        EvalSetup.requireKnown(dataset);
        if (!reference.equals("test") && !reference.equals("train")) {
            throw new IllegalArgumentException("unknown --reference '" + reference + "': expected test or train");
        }
        Tensor images = SampleFile.read(samples, EvalSetup.IMAGE_SIZE);
        EvalSetup setup = EvalSetup.open(dataset, ClassifierRecipe.STANDARD, DatasetCache.root(), System.out);
        var referenceSet = reference.equals("test") ? setup.splits().test() : setup.splits().train();
        SampleScorer scorer = new SampleScorer(setup.classifier().classifier(), referenceSet.images());
        SampleScorer.Scores scores = scorer.score(images);
        System.out.printf("samples: %s, %d images; reference: %s %s split, %d images%n", samples, scores.count(),
                dataset, reference, scorer.referenceCount());
        System.out.print(ScoreText.describe(scores, referenceSet.classNames(),
                setup.classifier().classifier().widths().features()));
        return 0;
    }
}
