package dev.jgan.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.nn.Module;
import dev.jgan.nn.autograd.Var;
import dev.jgan.nn.state.StateFile;
import dev.jgan.nn.testing.Ref;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Layers against float64 results of the same layers in PyTorch, made by
 * tools/make_torch_layer_fixtures.py: the forward output, the gradient of every input and
 * parameter for L = sum(output * r), and the buffers after the forward (running statistics,
 * spectral-norm u and v). This pins jgan's conventions (weight layouts, padding, unbiased
 * running variance, power iteration, BigGAN's attention) to PyTorch's.
 */
class TorchCrossCheckTest {
    private static final double TOLERANCE = 1e-5;

    private static Map<String, Tensor> fixture(String name) throws IOException, URISyntaxException {
        var url = TorchCrossCheckTest.class.getResource("/torch/" + name + ".safetensors");
        assertNotNull(url, "missing fixture " + name);
        return StateFile.read(Path.of(url.toURI()));
    }

    private static void assertClose(String what, Tensor expected, Tensor actual) {
        assertNotNull(actual, what + ": no value");
        assertEquals(expected.shapeString(), actual.shapeString(), what + ": shape");
        double error = Ref.relativeL2(Ref.toDouble(expected), Ref.toDouble(actual));
        assertTrue(error <= TOLERANCE, what + ": relative L2 error " + error + " against PyTorch float64");
    }

    /** True for the fixture's inputs and results, false for the module's parameters and buffers. */
    private static boolean isResult(String key) {
        return key.equals("r") || key.equals("output")
                || key.startsWith("input.") || key.startsWith("grad.") || key.startsWith("after.");
    }

    /**
     * Loads the fixture's state into {@code module} (strictly, by PyTorch names), runs
     * {@code forward} on the fixture's inputs and compares output, gradients and buffers.
     */
    private static void crossCheck(String name, Module module, Function<Var[], Var> forward, String... inputs)
            throws IOException, URISyntaxException {
        Map<String, Tensor> f = fixture(name);
        Map<String, Tensor> state = new LinkedHashMap<>();
        TreeSet<String> grads = new TreeSet<>();
        f.forEach((key, t) -> {
            if (key.startsWith("grad.") && !key.startsWith("grad.input.")) {
                grads.add(key.substring("grad.".length()));
            } else if (!isResult(key)) {
                state.put(key, t);
            }
        });
        StateFile.copyInto(module.state(), state, name);
        assertEquals(grads, new TreeSet<>(module.parameters().keySet()), name + ": parameters");

        Var[] in = new Var[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            in[i] = Var.param(f.get("input." + inputs[i]));
        }
        Var y = forward.apply(in);
        assertClose(name + " output", f.get("output"), y.value());
        y.backward(f.get("r"));
        for (int i = 0; i < inputs.length; i++) {
            assertClose(name + " gradient of input " + inputs[i], f.get("grad.input." + inputs[i]), in[i].grad());
        }
        module.parameters().forEach((param, v) -> assertClose(name + " gradient of " + param, f.get("grad." + param), v.grad()));
        f.forEach((key, t) -> {
            if (key.startsWith("after.")) {
                String buffer = key.substring("after.".length());
                assertClose(name + " " + buffer + " after the forward", t, module.state().get(buffer));
            }
        });
    }

    @Test
    void conv2dWithStrideAndPadding() throws Exception {
        Conv2d conv = new Conv2d(3, 5, 4, 2, 1, true, new Rng(1));
        crossCheck("conv2d", conv, x -> conv.forward(x[0]), "x");
    }

    @Test
    void convTranspose2dWithOutputPadding() throws Exception {
        ConvTranspose2d up = new ConvTranspose2d(4, 3, 3, 2, 1, 1, true, new Rng(2));
        crossCheck("conv_transpose2d", up, x -> up.forward(x[0]), "x");
    }

    @Test
    void batchNormInTrainingModeWithRunningStatistics() throws Exception {
        BatchNorm2d bn = new BatchNorm2d(3);
        crossCheck("batch_norm2d", bn, x -> bn.forward(x[0]), "x");
    }

    @Test
    void conditionalBatchNormAsBigGan() throws Exception {
        ConditionalBatchNorm2d cbn = new ConditionalBatchNorm2d(4, 6, 0.1f, 1e-5f, true, new Rng(3));
        crossCheck("conditional_batch_norm2d", cbn, x -> cbn.forward(x[0], x[1]), "x", "c");
    }

    @Test
    void selfAttentionAsBigGan() throws Exception {
        SelfAttention attention = new SelfAttention(16, false, new Rng(4));
        crossCheck("self_attention", attention, x -> attention.forward(x[0]), "x");
    }

    @Test
    void spectralNormWithOnePowerIteration() throws Exception {
        Conv2d conv = SpectralNorm.apply(new Conv2d(3, 4, 3, 1, 1, true, new Rng(5)), new Rng(6));
        crossCheck("spectral_norm_conv2d", conv, x -> conv.forward(x[0]), "x");
    }

    @Test
    void spectralNormOfATransposedConvUsesItsOutputAxis() throws Exception {
        ConvTranspose2d up = SpectralNorm.apply(new ConvTranspose2d(4, 3, 4, 2, 1, 0, true, new Rng(7)), new Rng(8));
        crossCheck("spectral_norm_conv_transpose2d", up, x -> up.forward(x[0]), "x");
    }
}
