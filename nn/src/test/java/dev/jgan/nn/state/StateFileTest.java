package dev.jgan.nn.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.nn.autograd.Var;
import dev.jgan.nn.layers.BatchNorm2d;
import dev.jgan.nn.layers.Conv2d;
import dev.jgan.nn.layers.Flatten;
import dev.jgan.nn.layers.LeakyReLU;
import dev.jgan.nn.layers.Linear;
import dev.jgan.nn.layers.Sequential;
import dev.jgan.nn.layers.SpectralNorm;
import dev.jgan.nn.optim.Adam;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {
    @TempDir
    Path dir;

    private static Sequential net(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(SpectralNorm.apply(new Conv2d(1, 3, 3, 2, 1, true, rng), rng), new BatchNorm2d(3),
                new LeakyReLU(0.2f), new Flatten(), new Linear(3 * 4 * 4, 2, true, rng));
    }

    @Test
    void moduleStateRoundTripsBitForBit() throws IOException {
        Sequential a = net(1);
        a.forward(Var.constant(Tensor.normal(2, 0f, 1f, 4, 1, 8, 8)));
        Path file = dir.resolve("net.safetensors");
        StateFile.save(a, file);
        Sequential b = net(3);
        StateFile.load(b, file);
        assertEquals(List.of("0.bias", "0.weight_orig", "0.weight_u", "0.weight_v", "1.weight", "1.bias",
                "1.running_mean", "1.running_var", "4.weight", "4.bias"), List.copyOf(b.state().keySet()));
        a.state().forEach((name, t) -> assertArrayEquals(t.data(), b.state().get(name).data(), name));
        a.eval();
        b.eval();
        Tensor x = Tensor.normal(4, 0f, 1f, 2, 1, 8, 8);
        assertArrayEquals(a.forward(Var.constant(x)).value().data(), b.forward(Var.constant(x)).value().data());
    }

    @Test
    void optimizerStateRoundTrips() throws IOException {
        Sequential a = net(5);
        Adam adam = new Adam(a.parameters(), 1e-3, 0.5, 0.999);
        a.parameters().values().forEach(p -> p.setGrad(Tensor.normal(6, 0f, 1f, p.shape())));
        adam.step();
        Path file = dir.resolve("adam.safetensors");
        StateFile.save(adam.state(), file);
        Adam fresh = new Adam(a.parameters(), 1e-3, 0.5, 0.999);
        fresh.loadState(StateFile.read(file));
        assertEquals(1, fresh.steps());
        adam.state().forEach((name, t) -> assertArrayEquals(t.data(), fresh.state().get(name).data(), name));
    }

    @Test
    void mismatchesAreNamedWithShapesAndFile() throws IOException {
        Map<String, Tensor> saved = new LinkedHashMap<>(net(7).state());
        saved.remove("1.running_var");
        saved.put("4.weight", Tensor.zeros(2, 47));
        saved.put("5.weight", Tensor.zeros(1));
        saved.put("1.num_batches_tracked", Tensor.scalar(3f));
        Path file = dir.resolve("bad.safetensors");
        StateFile.save(saved, file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateFile.load(net(8), file));
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()), m);
        assertTrue(m.contains("missing '1.running_var' (expected shape [3])"), m);
        assertTrue(m.contains("'4.weight' has shape [2, 47], expected [2, 48]"), m);
        assertTrue(m.contains("unexpected '5.weight'"), m);
        assertTrue(!m.contains("num_batches_tracked"), m);
    }
}
