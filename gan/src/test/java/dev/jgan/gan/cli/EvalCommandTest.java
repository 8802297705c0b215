package dev.jgan.gan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.nn.io.Npy;
import dev.jgan.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gan eval}'s errors: one line each, naming what is wrong, before any data is loaded. */
class EvalCommandTest {
    @TempDir
    Path folder;

    private record Run(int code, String err) {}

    private static Run run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Run(Main.execute(args), err.toString(StandardCharsets.UTF_8).strip());
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void aMissingSamplesFileIsOneLine() {
        Path absent = folder.resolve("absent.npy");
        Run r = run("eval", "--samples", absent.toString());
        assertEquals(1, r.code());
        assertEquals("error: samples file " + absent + " not found (expected a .npy array [N, 1, 28, 28])", r.err());
    }

    @Test
    void anIllShapedFileNamesBothShapes() throws IOException {
        Path file = folder.resolve("wide.npy");
        Npy.writeFloat(file, Tensor.zeros(4, 1, 32, 32));
        Run r = run("eval", "--dataset", "fashion-mnist", "--samples", file.toString());
        assertEquals(1, r.code());
        assertEquals("error: " + file + ": expected samples of shape [N, 1, 28, 28], found [4, 1, 32, 32]", r.err());
    }

    @Test
    void unknownDatasetAndReferenceAreRefused() {
        Run dataset = run("eval", "--dataset", "cifar", "--samples", "x.npy");
        assertEquals("error: unknown dataset 'cifar' for evaluation: expected mnist or fashion-mnist", dataset.err());
        Run reference = run("eval", "--reference", "val", "--samples", "x.npy");
        assertEquals("error: unknown --reference 'val': expected test or train", reference.err());
        Run noSamples = run("eval");
        assertEquals(2, noSamples.code());
        assertTrue(noSamples.err().startsWith("error: Missing required option: '--samples=FILE.npy'"), noSamples.err());
    }
}
