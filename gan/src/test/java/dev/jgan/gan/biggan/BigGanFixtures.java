package dev.jgan.gan.biggan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.nn.io.Json;
import dev.jgan.nn.io.Npy;
import dev.jgan.nn.io.Uint8Array;
import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The reference fixtures: small BigGAN-deep checkpoints with random weights (kept once, in the
 * nn module's test resources, which also tests the checkpoint reader on them) and, here, the
 * inputs and outputs pytorch-pretrained-BigGAN produced for them, with the pass rule of the
 * fixtures' compare.py.
 */
final class BigGanFixtures {
    static final List<String> NAMES = List.of("tiny128-legacy", "tiny128-zip");

    static final double MAX_REL_L2 = 1e-4;
    static final double MAX_ABS = 1e-3;
    static final double MAX_UINT8_DIFFERING = 0.005;
    static final int MAX_UINT8_STEP = 2;

    /** One reference case: its inputs and the statistics row the reference's lookup lands on. */
    record Case(String name, double truncation, int statStart, double statCoef, Path dir) {
        Tensor z() throws IOException {
            return Npy.readFloat(dir.resolve("z_" + name + ".npy"));
        }

        Tensor classVectors() throws IOException {
            return Npy.readFloat(dir.resolve("class_vectors_" + name + ".npy"));
        }

        Tensor expected() throws IOException {
            return Npy.readFloat(dir.resolve("expected_" + name + ".npy"));
        }

        Uint8Array expectedUint8() throws IOException {
            return Npy.readUint8(dir.resolve("expected_" + name + "_uint8.npy"));
        }
    }

    /** How far an output is from the reference. */
    record Deviation(double relL2, double maxAbs, double uint8Differing, int uint8MaxStep) {}

    private BigGanFixtures() {}

    /** The checkpoint folder (pytorch_model.bin and config.json) of a fixture. */
    static Path checkpoint(String fixture) {
        Path dir = Path.of("..", "nn", "src", "test", "resources", "biggan", fixture).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(dir.resolve("pytorch_model.bin")), "fixture checkpoint missing in " + dir);
        return dir;
    }

    /** Every case of a fixture, in file order. */
    @SuppressWarnings("unchecked")
    static List<Case> cases(String fixture) throws IOException {
        Path dir = resourceDir(fixture);
        List<Case> cases = new ArrayList<>();
        for (Object o : (List<Object>) Json.parse(Files.readString(dir.resolve("cases.json")))) {
            Map<String, Object> c = (Map<String, Object>) o;
            cases.add(new Case((String) c.get("name"), ((Number) c.get("truncation")).doubleValue(),
                    ((Number) c.get("stat_start_index")).intValue(), ((Number) c.get("stat_coef")).doubleValue(), dir));
        }
        assertFalse(cases.isEmpty(), "no cases in " + dir);
        return cases;
    }

    /** Generates every case of the fixture with the model and asserts the pass rule; returns the worst figures. */
    static Deviation assertParity(String fixture, BigGanModel model, String how) throws IOException {
        Deviation worst = new Deviation(0, 0, 0, 0);
        for (Case c : cases(fixture)) {
            Tensor expected = c.expected();
            Tensor actual = model.generate(c.z(), c.classVectors(), c.truncation());
            String label = fixture + " " + c.name() + " (" + how + ")";
            assertArrayEquals(expected.shape(), actual.shape(), label + ": shape");
            Deviation d = deviation(expected, actual, c.expectedUint8(), Quantize.toUint8(actual));
            assertTrue(d.relL2() <= MAX_REL_L2 && d.maxAbs() <= MAX_ABS, label + ": " + d);
            assertTrue(d.uint8Differing() <= MAX_UINT8_DIFFERING && d.uint8MaxStep() <= MAX_UINT8_STEP, label + ": " + d);
            worst = new Deviation(Math.max(worst.relL2(), d.relL2()), Math.max(worst.maxAbs(), d.maxAbs()),
                    Math.max(worst.uint8Differing(), d.uint8Differing()), Math.max(worst.uint8MaxStep(), d.uint8MaxStep()));
        }
        System.out.println("parity " + fixture + " (" + how + "), worst over all cases: " + worst);
        return worst;
    }

    /** compare.py's measures; NaN anywhere counts as infinitely far. */
    static Deviation deviation(Tensor expected, Tensor actual, Uint8Array expectedPixels, byte[] actualPixels) {
        float[] e = expected.data(), a = actual.data();
        double diff = 0, norm = 0, maxAbs = 0;
        for (int i = 0; i < e.length; i++) {
            double d = (double) a[i] - e[i];
            diff += d * d;
            norm += (double) e[i] * e[i];
            maxAbs = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(maxAbs, Math.abs(d));
        }
        double relL2 = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : Math.sqrt(diff / Math.max(norm, 1e-30));
        assertArrayEquals(new int[] {expected.dim(0), expected.dim(2), expected.dim(3), 3}, expectedPixels.shape());
        int differing = 0, maxStep = 0;
        for (int i = 0; i < actualPixels.length; i++) {
            int step = Math.abs((actualPixels[i] & 0xff) - expectedPixels.get(i));
            differing += step > 0 ? 1 : 0;
            maxStep = Math.max(maxStep, step);
        }
        return new Deviation(relL2, maxAbs, differing / (double) actualPixels.length, maxStep);
    }

    private static Path resourceDir(String fixture) {
        URL url = BigGanFixtures.class.getResource("/biggan/" + fixture + "/cases.json");
        assertTrue(url != null, "fixture cases missing from the test resources: " + fixture);
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
