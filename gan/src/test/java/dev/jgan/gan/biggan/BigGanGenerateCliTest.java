package dev.jgan.gan.biggan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.cuda.CudaRuntime;
import dev.jgan.gan.cli.Main;
import dev.jgan.nn.io.Npy;
import dev.jgan.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gan biggan generate} and {@code interpolate} end to end on the tiny reference checkpoint. */
class BigGanGenerateCliTest {
    private static final String FIXTURE = "tiny128-legacy";
    private static Path model;
    private static Path cases;
    private static BigGanModel direct;

    @TempDir
    Path dir;

    @BeforeAll
    static void fixture() throws IOException {
        model = BigGanFixtures.checkpoint(FIXTURE);
        cases = BigGanFixtures.cases(FIXTURE).get(0).dir();
        direct = BigGanModel.load(model);
    }

    @Test
    void inputFilesReproduceTheReference() throws IOException {
        Path png = dir.resolve("blend.png");
        Path npy = dir.resolve("blend.npy");
        Run run = gan("biggan", "generate", "--model", model.toString(), "--z-file", fixtureFile("z_blend_t0p5.npy"),
                "--class-vector-file", fixtureFile("class_vectors_blend_t0p5.npy"), "--truncation", "0.5",
                "--out", png.toString(), "--npy", npy.toString());
        assertEquals(0, run.code, run.err);
        assertTrue(run.out.lines().toList().get(1).startsWith("generated 2 images of 128x128 at truncation 0.5 in "),
                run.out);
        Tensor actual = Npy.readFloat(npy);
        assertClose(Npy.readFloat(cases.resolve("expected_blend_t0p5.npy")), actual);
        BufferedImage grid = ImageIO.read(png.toFile());
        assertEquals(2 * 128 + 3 * 2, grid.getWidth());
        RgbImages pixels = new RgbImages(Quantize.toUint8(actual), 2, 128, 128);
        assertEquals(pixels.image(1).get(17, 90), grid.getRGB(2 + 128 + 2 + 17, 2 + 90) & 0xffffff);
    }

    @Test
    void demoClassNamesFindTheReferenceClasses() throws IOException {
        Path npy = dir.resolve("trio.npy");
        Run run = gan("biggan", "generate", "--model", model.toString(), "--class", "soap bubble", "--class", "coffee",
                "--class", "mushroom", "--z-file", fixtureFile("z_trio_t0p1.npy"), "--truncation", "0.1",
                "--out", dir.resolve("trio").toString(), "--npy", npy.toString());
        assertEquals(0, run.code, run.err);
        assertClose(Npy.readFloat(cases.resolve("expected_trio_t0p1.npy")), Npy.readFloat(npy));
        try (var files = Files.list(dir.resolve("trio"))) {
            assertEquals(List.of("000-bubble.png", "001-espresso.png", "002-mushroom.png"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void sampledImagesFollowTheSeed() throws IOException {
        Path npy = dir.resolve("seeded.npy");
        Run run = gan("biggan", "generate", "--model", model.toString(), "--class", "golden retriever", "--count", "2",
                "--seed", "3", "--truncation", "0.7", "--out", dir.resolve("seeded.png").toString(), "--npy", npy.toString());
        assertEquals(0, run.code, run.err);
        Tensor classes = Tensor.zeros(2, 1000);
        classes.set(1f, 0, 207);
        classes.set(1f, 1, 207);
        Tensor expected = direct.generate(TruncatedNoise.sample(3, 2, 128, 0.7), classes, 0.7);
        assertClose(expected, Npy.readFloat(npy));
    }

    @Test
    void interpolationStripRunsFromOneEndToTheOther() throws IOException {
        Path npy = dir.resolve("strip.npy");
        Path png = dir.resolve("strip.png");
        Run run = gan("biggan", "interpolate", "--model", model.toString(), "--class", "golden retriever", "--to-class",
                "mushroom", "--seed", "1", "--to-seed", "2", "--steps", "3", "--truncation", "0.4",
                "--out", png.toString(), "--npy", npy.toString());
        assertEquals(0, run.code, run.err);
        assertEquals(3 * 128 + 4 * 2, ImageIO.read(png.toFile()).getWidth());
        Tensor strip = Npy.readFloat(npy);
        assertArrayEquals(new int[] {3, 3, 128, 128}, strip.shape());
        float[] z = new float[2 * 128];
        System.arraycopy(TruncatedNoise.sample(1, 1, 128, 0.4).data(), 0, z, 0, 128);
        System.arraycopy(TruncatedNoise.sample(2, 1, 128, 0.4).data(), 0, z, 128, 128);
        Tensor ends = direct.generate(Tensor.wrap(z, 2, 128), oneHots(207, 947), 0.4);
        int image = 3 * 128 * 128;
        assertClose(Tensor.of(Arrays.copyOfRange(ends.data(), 0, image), 1, 3, 128, 128),
                Tensor.of(Arrays.copyOfRange(strip.data(), 0, image), 1, 3, 128, 128));
        assertClose(Tensor.of(Arrays.copyOfRange(ends.data(), image, 2 * image), 1, 3, 128, 128),
                Tensor.of(Arrays.copyOfRange(strip.data(), 2 * image, 3 * image), 1, 3, 128, 128));
    }

    @Test
    void deviceCpuRunsTheCpuModelItself() throws IOException {
        Path npy = dir.resolve("cpu.npy");
        Run run = gan("biggan", "generate", "--model", model.toString(), "--class", "coffee", "--count", "2", "--seed", "5",
                "--truncation", "0.37", "--device", "cpu", "--out", dir.resolve("cpu.png").toString(), "--npy", npy.toString());
        assertEquals(0, run.code, run.err);
        assertEquals("device: cpu (--device cpu)", run.out.lines().findFirst().orElseThrow());
        Tensor expected = direct.generate(TruncatedNoise.sample(5, 2, 128, 0.37), oneHots(967, 967), 0.37);
        assertArrayEquals(expected.data(), Npy.readFloat(npy).data(), "the same bits as the CPU model");
    }

    @Test
    void withoutAGpuTheDefaultIsTheCpuAndCudaIsOneErrorLine() {
        Assumptions.assumeFalse(CudaRuntime.isAvailable(), "a usable GPU is present");
        String reason = CudaRuntime.unavailableReason();
        String m = model.toString();
        String out = dir.resolve("x.png").toString();
        Run run = gan("biggan", "generate", "--model", m, "--class", "1", "--out", out);
        assertEquals(0, run.code, run.err);
        assertEquals("device: cpu (default: no usable GPU (" + reason + "))", run.out.lines().findFirst().orElseThrow());
        assertError("error: --device cuda: " + reason, "generate", "--model", m, "--class", "1", "--device", "cuda",
                "--out", dir.resolve("y.png").toString());
        assertError("error: --device cuda: " + reason, "interpolate", "--model", m, "--class", "1", "--to-seed", "2",
                "--device", "cuda", "--out", dir.resolve("y.png").toString());
        assertError("error: --precision tf32 runs on the GPU's tensor cores; the device is cpu (--device cpu)",
                "generate", "--model", m, "--class", "1", "--device", "cpu", "--precision", "tf32",
                "--out", dir.resolve("y.png").toString());
        assertError("error: --precision tf32 runs on the GPU's tensor cores; the device is cpu (default: no usable GPU ("
                        + reason + "))", "interpolate", "--model", m, "--class", "1", "--to-seed", "2",
                "--precision", "tf32", "--out", dir.resolve("y.png").toString());
        assertTrue(Files.notExists(dir.resolve("y.png")));
    }

    @Test
    void badFlagsAreOneErrorLine() throws IOException {
        String m = model.toString();
        String out = dir.resolve("x.png").toString();
        Path shortZ = dir.resolve("short.npy");
        Npy.writeFloat(shortZ, Tensor.zeros(3, 100));
        assertError("error: z file " + shortZ + ": expected float32 [N, 128] (N >= 1, z_dim 128), found float32 [3, 100]",
                "generate", "--model", m, "--class", "1", "--z-file", shortZ.toString(), "--out", out);
        assertError("error: class-vector file " + shortZ + ": expected float32 [N, 1000] (N >= 1, num_classes 1000),"
                + " found float32 [3, 100]", "generate", "--model", m, "--class-vector-file", shortZ.toString(), "--out", out);
        assertError("error: unknown class 'tigre'; closest: 292 tiger,", "generate", "--model", m, "--class", "tigre", "--out", out);
        assertError("error: class weight in 'tiger:-1' is negative", "generate", "--model", m, "--class", "tiger:-1",
                "--class", "lion:2", "--out", out);
        assertError("error: truncation must be in (0, 1], got 1.5", "generate", "--model", m, "--class", "1",
                "--truncation", "1.5", "--out", out);
        assertError("error: Missing required option: '--out=FILE.png|DIR' (see 'gan biggan generate --help')",
                "generate", "--model", m, "--class", "1");
        assertError("error: Unknown option: '--bogus' (see 'gan biggan generate --help')",
                "generate", "--model", m, "--class", "1", "--out", out, "--bogus");
        assertError("error: Invalid value for option '--truncation': 'abc' is not a double",
                "generate", "--model", m, "--class", "1", "--out", out, "--truncation", "abc");
        assertError("error: give --to-seed or --to-class: nothing to interpolate", "interpolate", "--model", m, "--class", "1",
                "--out", out);
        assertError("error: unknown --device 'gpu': expected cuda or cpu", "generate", "--model", m, "--class", "1",
                "--device", "gpu", "--out", out);
        assertError("error: --steps must be at least 2, got 1", "interpolate", "--model", m, "--class", "1", "--to-seed", "2",
                "--steps", "1", "--out", out);
        assertTrue(Files.notExists(dir.resolve("x.png")));
    }

    private void assertError(String expectedStart, String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "biggan";
        System.arraycopy(args, 0, full, 1, args.length);
        Run run = gan(full);
        assertTrue(run.code != 0, "exit code of " + Arrays.toString(args));
        assertTrue(run.err.startsWith(expectedStart) && run.err.strip().lines().count() == 1, run.err);
    }

    private static Tensor oneHots(int... classes) {
        Tensor t = Tensor.zeros(classes.length, 1000);
        for (int i = 0; i < classes.length; i++) {
            t.set(1f, i, classes[i]);
        }
        return t;
    }

    private static String fixtureFile(String name) {
        return cases.resolve(name).toString();
    }

    /** The fixtures' pass rule: relative L2 <= 1e-4 and max abs <= 1e-3. */
    private static void assertClose(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        double diff = 0;
        double norm = 0;
        double maxAbs = 0;
        for (int i = 0; i < expected.size(); i++) {
            double d = (double) actual.data()[i] - expected.data()[i];
            diff += d * d;
            norm += (double) expected.data()[i] * expected.data()[i];
            maxAbs = Math.max(maxAbs, Math.abs(d));
        }
        double relL2 = Math.sqrt(diff / norm);
        assertTrue(relL2 <= BigGanFixtures.MAX_REL_L2 && maxAbs <= BigGanFixtures.MAX_ABS, "rel L2 " + relL2 + ", max abs " + maxAbs);
    }

    private record Run(int code, String out, String err) {}

    private static Run gan(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
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
