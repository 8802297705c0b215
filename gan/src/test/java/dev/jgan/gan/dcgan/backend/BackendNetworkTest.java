package dev.jgan.gan.dcgan.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgan.nn.autograd.Var;
import dev.jgan.nn.backend.CpuBackend;
import dev.jgan.nn.layers.Conv2d;
import dev.jgan.nn.layers.LeakyReLU;
import dev.jgan.nn.layers.Sequential;
import dev.jgan.nn.layers.SpectralNorm;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BackendNetworkTest {
    private static final float TINY_WEIGHT = 1e-4f;

    /** A spectrally normalised conv with weights so small that an eps of 1e-3 clamps the power iteration's norms. */
    private static Sequential network(float eps, int dim) {
        Conv2d conv = new Conv2d(3, 4, 3, 1, 1, false, new Rng(5));
        float[] weight = conv.weight().value().data();
        for (int i = 0; i < weight.length; i++) {
            weight[i] *= TINY_WEIGHT;
        }
        Sequential network = new Sequential(SpectralNorm.apply(conv, "weight", dim, eps, new Rng(6)), new LeakyReLU(0.2f));
        network.train();
        return network;
    }

    @Test
    void spectralNormKeepsTheLayersEps() {
        Tensor x = Tensor.normal(new Rng(7), 0f, 1f, 2, 3, 5, 5);
        Sequential host = network(1e-3f, 0);
        CpuBackend backend = new CpuBackend();
        BackendNetwork<Tensor> explicit = new BackendNetwork<>(backend, network(1e-3f, 0), "D");
        float[] expected = host.forward(Var.constant(x)).value().data();
        assertArrayEquals(expected, explicit.forward(x).data());
        float[] withDefaultEps = network(SpectralNorm.DEFAULT_EPS, 0).forward(Var.constant(x)).value().data();
        assertFalse(Arrays.equals(expected, withDefaultEps), "the eps must matter for this test to mean anything");
        explicit.release();
    }

    @Test
    void spectralNormOverAnotherAxisIsRefused() {
        assertEquals("D layer 0 (Conv2d) is spectrally normalised over dim 1; the explicit training step supports"
                        + " dim 0 (the output channels)",
                assertThrows(IllegalArgumentException.class,
                        () -> new BackendNetwork<>(new CpuBackend(), network(1e-3f, 1), "D")).getMessage());
    }
}
