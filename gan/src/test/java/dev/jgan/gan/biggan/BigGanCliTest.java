package dev.jgan.gan.biggan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.gan.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gan biggan convert} end to end: the converted files reproduce every reference case; bad input is one clear line. */
class BigGanCliTest {
    @TempDir
    Path dir;

    @Test
    void convertFolderThenGenerateMatchesReference() throws IOException {
        String fixture = "tiny128-legacy";
        Path out = dir.resolve("legacy.safetensors");
        Run run = gan("biggan", "convert", BigGanFixtures.checkpoint(fixture).toString(), out.toString());
        assertEquals(0, run.code, run.err);
        assertTrue(run.out.contains("128x128"), run.out);
        BigGanFixtures.assertParity(fixture, BigGanModel.load(out), "cli convert of the folder");
    }

    @Test
    void convertBinFileThenGenerateMatchesReference() throws IOException {
        String fixture = "tiny128-zip";
        Path out = dir.resolve("zip.safetensors");
        Path bin = BigGanFixtures.checkpoint(fixture).resolve("pytorch_model.bin");
        Run run = gan("biggan", "convert", bin.toString(), out.toString());
        assertEquals(0, run.code, run.err);
        BigGanFixtures.assertParity(fixture, BigGanModel.load(out), "cli convert of the .bin");
    }

    @Test
    void configThatDoesNotFitTheWeightsIsOneErrorLine() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("wrong-width"));
        Path source = BigGanFixtures.checkpoint("tiny128-zip");
        Files.copy(source.resolve("pytorch_model.bin"), folder.resolve("pytorch_model.bin"));
        Files.writeString(folder.resolve("config.json"),
                Files.readString(source.resolve("config.json")).replace("\"channel_width\": 8", "\"channel_width\": 16"));
        Path out = dir.resolve("never.safetensors");
        Run run = gan("biggan", "convert", folder.toString(), out.toString());
        assertEquals(1, run.code);
        assertTrue(run.err.startsWith("error: ") && run.err.strip().lines().count() == 1, run.err);
        assertTrue(run.err.contains("tensor 'generator.gen_z.bias' has shape [2048] but the config needs [4096]"), run.err);
        assertTrue(Files.notExists(out));
    }

    @Test
    void missingConfigIsNamed() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("no-config"));
        Files.copy(BigGanFixtures.checkpoint("tiny128-zip").resolve("pytorch_model.bin"), folder.resolve("pytorch_model.bin"));
        Run run = gan("biggan", "convert", folder.toString(), dir.resolve("x.safetensors").toString());
        assertEquals(1, run.code);
        assertTrue(run.err.contains("no config.json beside the checkpoint"), run.err);
    }

    private record Run(int code, String out, String err) {}

    private static Run gan(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
