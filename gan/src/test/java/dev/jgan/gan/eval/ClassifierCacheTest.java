package dev.jgan.gan.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierCacheTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    private static final EvalSplits SPLITS = new EvalSplits(SyntheticDigits.make(160, 1), SyntheticDigits.make(40, 2));

    @Test
    void trainsOnceThenLoadsTheSameWeights(@TempDir Path folder) throws IOException {
        ClassifierRecipe recipe = SyntheticDigits.recipe(5);
        ClassifierCache.Entry first = ClassifierCache.loadOrTrain("synthetic", SPLITS, recipe, folder, QUIET);
        assertTrue(first.trainedNow());
        assertTrue(Files.isRegularFile(first.file()));
        assertTrue(first.file().getFileName().toString().contains(recipe.fingerprint()));

        ClassifierCache.Entry second = ClassifierCache.loadOrTrain("synthetic", SPLITS, recipe, folder, QUIET);
        assertFalse(second.trainedNow());
        assertEquals(first.testAccuracy(), second.testAccuracy());
        assertSameState(first.classifier().state(), second.classifier().state());
    }

    @Test
    void trainingIsDeterministicGivenTheSeed() {
        ClassifierRecipe recipe = SyntheticDigits.recipe(6);
        SmallClassifier a = ClassifierTraining.train(SPLITS.train(), recipe, QUIET);
        SmallClassifier b = ClassifierTraining.train(SPLITS.train(), recipe, QUIET);
        assertSameState(a.state(), b.state());
        SmallClassifier other = ClassifierTraining.train(SPLITS.train(), SyntheticDigits.recipe(7), QUIET);
        assertFalse(java.util.Arrays.equals(a.state().get("head.weight").data(), other.state().get("head.weight").data()));
    }

    @Test
    void aChangedRecipeHasAnotherFile(@TempDir Path folder) {
        ClassifierRecipe recipe = SyntheticDigits.recipe(5);
        ClassifierRecipe longer = new ClassifierRecipe(recipe.widths(), recipe.epochs() + 1, recipe.batchSize(),
                recipe.learningRate(), recipe.learningRateDecay(), recipe.imagesPerEpoch(), recipe.seed());
        assertNotEquals(ClassifierCache.file(folder, "mnist", recipe), ClassifierCache.file(folder, "mnist", longer));
        assertEquals(recipe.fingerprint(), SyntheticDigits.recipe(5).fingerprint());
    }

    @Test
    void aDamagedCacheFileIsNamedInTheError(@TempDir Path folder) throws IOException {
        ClassifierRecipe recipe = SyntheticDigits.recipe(5);
        Path file = ClassifierCache.file(folder, "synthetic", recipe);
        Files.write(file, new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class,
                () -> ClassifierCache.loadOrTrain("synthetic", SPLITS, recipe, folder, QUIET));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("delete it"), e.getMessage());
    }

    private static void assertSameState(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, t) -> assertArrayEquals(t.data(), actual.get(name).data(), name));
    }
}
