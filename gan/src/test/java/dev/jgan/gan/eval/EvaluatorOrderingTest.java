package dev.jgan.gan.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.gan.data.Dataset;
import java.io.PrintStream;
import java.io.OutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The orderings a sound evaluator must show, on synthetic data with a tiny classifier. */
class EvaluatorOrderingTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void calibrationSetsAreRankedAsTheirQualitySays() {
        Dataset train = SyntheticDigits.make(480, 1);
        Dataset test = SyntheticDigits.make(200, 2);
        SmallClassifier classifier = ClassifierTraining.train(train, SyntheticDigits.recipe(3), QUIET);
        assertTrue(ClassifierTraining.accuracy(classifier, test) > 0.95, "the tiny classifier should learn the squares");

        SampleScorer scorer = new SampleScorer(classifier, test.images());
        List<Calibration.Row> rows = Calibration.run(new EvalSplits(train, test), scorer, 4);
        String table = Calibration.table(rows, 4);
        SampleScorer.Scores real = find(rows, "real (train subset)");
        SampleScorer.Scores twoClasses = find(rows, "two classes only (a, b)");
        SampleScorer.Scores oneClass = find(rows, "one class only (a)");
        SampleScorer.Scores noise = find(rows, "Gaussian noise N(0, 1), clipped");

        assertEquals(200, real.count());
        assertTrue(real.fid() * 20 < noise.fid(), table);
        assertTrue(real.fid() < twoClasses.fid() && real.fid() < oneClass.fid(),
                "collapsed sets must score a worse FID than real images\n" + table);
        double uniform = Math.log(4);
        assertTrue(real.classes().histogramEntropy() > uniform - 0.05, "real images cover the classes evenly\n" + table);
        assertTrue(twoClasses.classes().histogramEntropy() < Math.log(2) + 0.05, table);
        assertTrue(oneClass.classes().histogramEntropy() < twoClasses.classes().histogramEntropy(), table);
        assertTrue(real.classes().inceptionScore() > 3.5, table);
        assertTrue(twoClasses.classes().inceptionScore() < 2.1, table);
        assertTrue(oneClass.classes().inceptionScore() < 1.1, table);

        assertTrue(table.startsWith("| set | n | FID | IS | class entropy (max 1.386) |"), table);
        assertEquals(rows.size() + 2, table.split("\n").length);
    }

    private static SampleScorer.Scores find(List<Calibration.Row> rows, String name) {
        return rows.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow().scores();
    }
}
