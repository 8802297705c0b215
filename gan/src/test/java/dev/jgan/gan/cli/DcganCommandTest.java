package dev.jgan.gan.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.cuda.CudaRuntime;
import dev.jgan.nn.io.Npy;
import dev.jgan.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gan dcgan train/sample/interpolate} end to end on a tiny labelled image folder
 * (two classes of 28x28 PNGs), and their errors: one line each, nothing written lost.
 */
class DcganCommandTest {
    @TempDir
    static Path folder;
    static Path images;
    static Path run;

    private record Result(int code, String out, String err) {}

    private static Result gan(String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8).strip());
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }

    private static String[] train(String... extra) {
        String[] base = {"dcgan", "train", "--dataset", images.toString(), "--out", run.toString(), "--width", "8",
            "--latent-dim", "16", "--batch-size", "8", "--max-steps", "2", "--conditional"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    private static void assertOneLineError(Result r, int code, String expected) {
        assertEquals(code, r.code(), r.err());
        assertEquals(expected, r.err());
    }

    @BeforeAll
    static void trainTinyConditionalRun() throws IOException {
        images = folder.resolve("images");
        for (int i = 0; i < 32; i++) {
            String label = i % 2 == 0 ? "horizontal" : "vertical";
            BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int k = 4; k < 24; k++) {
                int at = 4 + i % 20;
                image.getRaster().setSample(label.equals("horizontal") ? k : at, label.equals("horizontal") ? at : k, 0, 255);
            }
            Files.createDirectories(images.resolve(label));
            ImageIO.write(image, "png", images.resolve(label).resolve(i + ".png").toFile());
        }
        run = folder.resolve("run");
        Result r = gan(train());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("conditional on 2 classes"), r.out());
        assertTrue(Files.isRegularFile(run.resolve("checkpoint.safetensors")));
        assertTrue(Files.isRegularFile(run.resolve("samples/step-000002.png")));
        assertTrue(Files.isRegularFile(run.resolve("metrics.csv")));
        assertTrue(Files.isRegularFile(run.resolve("losses.png")));
    }

    @Test
    void samplesGoToANpyArrayOrAGrid() throws IOException {
        Path npy = folder.resolve("ones.npy");
        Result r = gan("dcgan", "sample", "--checkpoint", run.toString(), "--count", "5", "--seed", "3", "--label", "1",
                "--npy", npy.toString());
        assertEquals(0, r.code(), r.err());
        Tensor samples = Npy.readFloat(npy);
        assertArrayEquals(new int[] {5, 1, 28, 28}, samples.shape());
        for (float v : samples.data()) {
            assertTrue(v >= -1f && v <= 1f, "sample value " + v);
        }
        Path grid = folder.resolve("grid.png");
        r = gan("dcgan", "sample", "--checkpoint", run.resolve("checkpoint.safetensors").toString(), "--count", "6",
                "--grid", grid.toString());
        assertEquals(0, r.code(), r.err());
        BufferedImage picture = ImageIO.read(grid.toFile());
        assertEquals(3 * 28 + 4 * 2, picture.getWidth());
        assertEquals(2 * 28 + 3 * 2, picture.getHeight());
    }

    @Test
    void interpolationHasALinearAndASphericalRowPerPair() throws IOException {
        Path png = folder.resolve("walk.png");
        Result r = gan("dcgan", "interpolate", "--checkpoint", run.toString(), "--steps", "4", "--pairs", "2",
                "--out", png.toString());
        assertEquals(0, r.code(), r.err());
        BufferedImage picture = ImageIO.read(png.toFile());
        assertEquals(4 * 28 + 5 * 2, picture.getWidth());
        assertEquals(4 * 28 + 5 * 2, picture.getHeight());
    }

    @Test
    void badTrainingOptionsAreOneLineErrors() {
        assertOneLineError(gan("dcgan", "train", "--dataset", folder.resolve("nosuch").toString(), "--out",
                folder.resolve("x").toString()), 1, "error: unknown dataset '" + folder.resolve("nosuch")
                + "': expected mnist, fashion-mnist or a folder of images");
        assertOneLineError(gan(train("--epochs", "0")), 1, "error: --epochs must be positive, got 0");
        assertOneLineError(gan(train("--preset", "big")), 1, "error: unknown preset 'big': expected mnist28 or dcgan64");
        assertOneLineError(gan(train("--loss", "hinge", "--label-smoothing", "0.1")), 1,
                "error: --label-smoothing applies to the bce loss only");
        Result notANumber = gan(train("--batch-size", "many"));
        assertEquals(2, notANumber.code());
        assertTrue(notANumber.err().startsWith("error: Invalid value for option '--batch-size'"), notANumber.err());
        assertFalse(notANumber.err().contains("\n"), notANumber.err());
    }

    @Test
    void theDeviceIsAnnouncedAndAGpuAskedForWithoutOneIsAOneLineError() {
        Assumptions.assumeFalse(CudaRuntime.isAvailable(), "a usable GPU is present");
        Result r = gan("dcgan", "train", "--dataset", images.toString(), "--out", folder.resolve("announced").toString(),
                "--width", "8", "--latent-dim", "16", "--batch-size", "8", "--max-steps", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("device: cpu (default: no usable GPU (" + CudaRuntime.unavailableReason() + "))\n"),
                r.out());
        assertOneLineError(gan(train("--device", "cuda")), 1, "error: --device cuda: " + CudaRuntime.unavailableReason());
        assertOneLineError(gan(train("--device", "tpu")), 1, "error: unknown --device 'tpu': expected cuda or cpu");
        assertOneLineError(gan(train("--precision", "tf32")), 1, "error: --precision tf32 runs on the GPU's tensor"
                + " cores; the device is cpu (default: no usable GPU (" + CudaRuntime.unavailableReason() + "))");
        assertOneLineError(gan(train("--device", "cpu", "--precision", "half")), 1,
                "error: unknown --precision 'half': expected fp32 or tf32");
    }

    @Test
    void aCheckpointOfAnotherPresetOrOptionsIsRefusedAndKept() throws IOException {
        byte[] before = Files.readAllBytes(run.resolve("checkpoint.safetensors"));
        Result other = gan(train("--resume", "--preset", "dcgan64"));
        assertEquals(1, other.code());
        assertTrue(other.err().startsWith("error: cannot resume " + run.resolve("checkpoint.safetensors")
                + ": it was trained as mnist28 (1 channel, width 8, z 16, bce, conditional on 2 classes), not dcgan64"),
                other.err());
        assertFalse(other.err().contains("\n"));
        Result again = gan(train());
        assertEquals(1, again.code());
        assertTrue(again.err().contains("already holds a checkpoint; add --resume"), again.err());
        assertArrayEquals(before, Files.readAllBytes(run.resolve("checkpoint.safetensors")));
    }

    @Test
    void badSamplingRequestsAreOneLineErrors() {
        Path empty = folder.resolve("empty");
        assertOneLineError(gan("dcgan", "sample", "--checkpoint", empty.toString(), "--npy", "x.npy"), 1,
                "error: " + empty + ": no DCGAN checkpoint here");
        assertOneLineError(gan("dcgan", "sample", "--checkpoint", run.toString(), "--label", "5", "--npy", "x.npy"), 1,
                "error: --label 5 is outside the model's classes 0..1");
        Result both = gan("dcgan", "sample", "--checkpoint", run.toString(), "--npy", "x.npy", "--grid", "x.png");
        assertEquals(2, both.code());
        assertTrue(both.err().startsWith("error: Error: --grid=FILE.png, --npy=FILE.npy are mutually exclusive")
                || both.err().contains("mutually exclusive"), both.err());
        assertOneLineError(gan("dcgan", "interpolate", "--checkpoint", run.toString(), "--method", "cubic", "--out",
                "x.png"), 1, "error: --method must be linear, spherical or both, got 'cubic'");
    }
}
