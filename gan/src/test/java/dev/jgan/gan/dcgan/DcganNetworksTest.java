package dev.jgan.gan.dcgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.nn.autograd.Var;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DcganNetworksTest {

    private static Map<String, int[]> shapes(Map<String, Var> params) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        params.forEach((name, p) -> shapes.put(name, p.shape()));
        return shapes;
    }

    private static void assertShapes(Map<String, int[]> expected, Map<String, int[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, shape) -> assertArrayEquals(shape, actual.get(name), name));
    }

    @Test
    void mnist28HasExactlyTheIssuesLayersWithoutBiases() {
        Dcgan model = Dcgan.create(DcganConfig.of(Preset.MNIST28, 1), 3);
        Map<String, int[]> g = new LinkedHashMap<>();
        g.put("0.weight", new int[] {100, 256, 7, 7});
        g.put("1.weight", new int[] {256});
        g.put("1.bias", new int[] {256});
        g.put("3.weight", new int[] {256, 128, 4, 4});
        g.put("4.weight", new int[] {128});
        g.put("4.bias", new int[] {128});
        g.put("6.weight", new int[] {128, 1, 4, 4});
        assertShapes(g, shapes(model.generator().parameters()));
        Map<String, int[]> d = new LinkedHashMap<>();
        d.put("0.weight", new int[] {64, 1, 4, 4});
        d.put("2.weight", new int[] {128, 64, 4, 4});
        d.put("3.weight", new int[] {128});
        d.put("3.bias", new int[] {128});
        d.put("5.weight", new int[] {1, 128, 7, 7});
        assertShapes(d, shapes(model.discriminator().parameters()));

        Tensor z = Tensor.normal(new Rng(1), 0f, 1f, 3, 100, 1, 1);
        Var fake = model.generate(z, null);
        assertArrayEquals(new int[] {3, 1, 28, 28}, fake.shape());
        for (float v : fake.value().data()) {
            assertTrue(v >= -1f && v <= 1f);
        }
        assertArrayEquals(new int[] {3, 1, 1, 1}, model.discriminate(fake, null).shape());
    }

    @Test
    void initialisationIsDcgansNormal() {
        Dcgan model = Dcgan.create(DcganConfig.of(Preset.MNIST28, 1), 5);
        float[] conv = model.generator().parameters().get("0.weight").value().data();
        assertEquals(0.0, mean(conv), 2e-4);
        assertEquals(0.02, std(conv), 2e-4);
        float[] bn = model.generator().parameters().get("1.weight").value().data();
        assertEquals(1.0, mean(bn), 0.005);
        assertEquals(0.02, std(bn), 0.004);
        for (float b : model.generator().parameters().get("1.bias").value().data()) {
            assertEquals(0f, b);
        }
    }

    @Test
    void dcgan64IsThePyTorchExampleArchitecture() {
        DcganConfig config = new DcganConfig(Preset.DCGAN64, 3, 8, 100, false, 0, false, GanLoss.BCE, 0f, 0f);
        Dcgan model = Dcgan.create(config, 1);
        Map<String, int[]> g = shapes(model.generator().parameters());
        assertArrayEquals(new int[] {100, 64, 4, 4}, g.get("0.weight"));
        assertArrayEquals(new int[] {64, 32, 4, 4}, g.get("3.weight"));
        assertArrayEquals(new int[] {32, 16, 4, 4}, g.get("6.weight"));
        assertArrayEquals(new int[] {16, 8, 4, 4}, g.get("9.weight"));
        assertArrayEquals(new int[] {8, 3, 4, 4}, g.get("12.weight"));
        Map<String, int[]> d = shapes(model.discriminator().parameters());
        assertArrayEquals(new int[] {8, 3, 4, 4}, d.get("0.weight"));
        assertArrayEquals(new int[] {64, 32, 4, 4}, d.get("8.weight"));
        assertArrayEquals(new int[] {1, 64, 4, 4}, d.get("11.weight"));
        Var fake = model.generate(Tensor.normal(new Rng(2), 0f, 1f, 2, 100, 1, 1), null);
        assertArrayEquals(new int[] {2, 3, 64, 64}, fake.shape());
        assertArrayEquals(new int[] {2, 1, 1, 1}, model.discriminate(fake, null).shape());
    }

    @Test
    void conditionalModelsTakeLabelsAndSpectralNormReplacesDsWeights() {
        DcganConfig config = new DcganConfig(Preset.MNIST28, 1, 8, 16, true, 10, true, GanLoss.HINGE, 0f, 0.9f);
        Dcgan model = Dcgan.create(config, 4);
        assertArrayEquals(new int[] {26, 32, 7, 7}, model.generator().parameters().get("0.weight").shape());
        assertArrayEquals(new int[] {8, 11, 4, 4}, model.discriminator().parameters().get("0.weight_orig").shape());
        assertTrue(model.state().containsKey("d.0.weight_u"));
        assertTrue(model.state().containsKey("g_ema.0.weight"));
        Tensor z = Tensor.normal(new Rng(3), 0f, 1f, 4, 16, 1, 1);
        int[] labels = {0, 3, 7, 9};
        Var fake = model.generate(z, labels);
        assertArrayEquals(new int[] {4, 1, 1, 1}, model.discriminate(fake, labels).shape());
        Tensor a = model.sample(z, new int[] {1, 1, 1, 1});
        Tensor b = model.sample(z, new int[] {2, 2, 2, 2});
        assertTrue(maxDifference(a, b) > 0, "the label changes the samples");
    }

    private static double maxDifference(Tensor a, Tensor b) {
        double max = 0;
        for (int i = 0; i < a.size(); i++) {
            max = Math.max(max, Math.abs(a.data()[i] - b.data()[i]));
        }
        return max;
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double std(float[] v) {
        double m = mean(v);
        double s = 0;
        for (float x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / v.length);
    }
}
