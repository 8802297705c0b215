package dev.jgan.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.Vectors;
import dev.jgan.tensor.reference.ReferenceConv;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Strided forward convolutions with few input channels, directly on the input's phase planes. */
class FewInputChannelConvTest {

    static Stream<ConvCase> cases() {
        return Stream.of(
                new ConvCase("MNIST-like k4 s2 p1, 1 -> 64, 9 images (rows of 14: each plane's last run via tails)",
                        9, 1, 28, 28, 64, ConvSpec.of(4, 2, 1), true),
                new ConvCase("RGB k4 s2 p1, 3 -> 40, 7 images of 66x70 (rows of 35: two full runs and a tail)", 7, 3,
                        66, 70, 40, ConvSpec.of(4, 2, 1), false),
                new ConvCase("k3 s2 p1, 15 -> 5 (one channel past the group of four), one image", 1, 15, 9, 5, 5,
                        ConvSpec.of(3, 2, 1), true),
                new ConvCase("k5x3 s3x2, uneven padding, 2 -> 33, 3 images", 3, 2, 17, 9, 33,
                        new ConvSpec(5, 3, 3, 2, 2, 1, 1, 1), true),
                new ConvCase("k1 s2, 7 -> 20, width 1", 6, 7, 9, 1, 20, ConvSpec.of(1, 2, 0), false),
                new ConvCase("k5 s2 p3, padding wider than a window step, 1 -> 32", 3, 1, 8, 7, 32,
                        ConvSpec.of(5, 2, 3), true),
                new ConvCase("k4 s2 p1, 2 -> 6 (blocks of channels overlap), rows of 3: runs overlap across rows", 2, 2,
                        12, 6, 6, ConvSpec.of(4, 2, 1), true),
                new ConvCase("k2 s4, taps skip input, 3 -> 4, 13 images of 31x17", 13, 3, 31, 17, 4,
                        ConvSpec.of(2, 4, 0), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheFloat64Reference(ConvCase c) {
        Rng rng = new Rng(c.name().hashCode());
        ConvSpec s = c.spec();
        ConvGeometry g = c.geometry();
        Tensor x = ConvTesting.random(rng, c.n(), c.cIn(), c.h(), c.w());
        Tensor w = ConvTesting.random(rng, c.cOut(), c.cIn(), s.kernelH(), s.kernelW());
        Tensor bias = c.bias() ? ConvTesting.random(rng, c.cOut()) : null;
        Tensor y = ConvTesting.filledWith(Float.NaN, c.n(), c.cOut(), g.outH(), g.outW());
        FewInputChannelConv.forward(g, x.data(), w.data(), bias == null ? null : bias.data(), y.data());
        ConvTesting.assertClose("forward", ReferenceConv.forward(x, w, bias, s), y, y.shape());
    }

    @Test
    void conv2dAndConvTranspose2dRouteFewInputChannelsHereAndGetTheSameBits() {
        Rng rng = new Rng(5);
        ConvSpec s = ConvSpec.of(4, 2, 1);
        int images = 2 * Parallel.threads() + 1;
        Tensor x = ConvTesting.random(rng, images, 3, 18, 18);
        Tensor w = ConvTesting.random(rng, 24, 3, 4, 4);
        Tensor bias = ConvTesting.random(rng, 24);
        ConvGeometry g = new ConvGeometry(images, 3, 18, 18, 24, 9, 9, s);
        assumeTrue(FewInputChannelConv.handles(g), "the lowered GEMM takes it with vectors of " + Vectors.LANES);
        float[] direct = new float[images * 24 * 81];
        FewInputChannelConv.forward(g, x.data(), w.data(), bias.data(), direct);
        assertArrayEquals(direct, Conv2d.forward(x, w, bias, s).data());
        float[] noBias = new float[direct.length];
        FewInputChannelConv.forward(g, x.data(), w.data(), null, noBias);
        // the input gradient of a transposed convolution 24 -> 3 is this convolution of its output gradient
        assertArrayEquals(noBias, ConvTranspose2d.backwardInput(x, w, s).data());
    }

    @Test
    void takesStridedPassesWithFewInputChannelsButEnoughTapsAFullTileOfOutputsAndRunsAndAnImagePerThread() {
        ConvSpec s = ConvSpec.of(4, 2, 1);
        int n = Parallel.threads();
        boolean wide = Vectors.LANES >= 16;
        assertEquals(wide, FewInputChannelConv.handles(new ConvGeometry(n, 15, 10, 10, 4, 5, 5, s)));
        assertEquals(false, FewInputChannelConv.handles(new ConvGeometry(n, 16, 8, 8, 64, 4, 4, s)));
        assertEquals(false, FewInputChannelConv.handles(new ConvGeometry(n, 3, 8, 8, 3, 4, 4, s)));
        assertEquals(wide, FewInputChannelConv.handles(new ConvGeometry(n, 1, 10, 10, 64, 5, 5, s)),
                "16 taps, 64 outputs");
        assertEquals(false, FewInputChannelConv.handles(new ConvGeometry(n, 1, 10, 10, 65, 5, 5, s)),
                "16 taps, 65 outputs");
        assertEquals(wide, FewInputChannelConv.handles(new ConvGeometry(n, 2, 10, 10, 64, 5, 5, s)), "32 taps");
        assertEquals(false, FewInputChannelConv.handles(new ConvGeometry(n, 3, 8, 8, 64, 8, 8, ConvSpec.of(3, 1, 1))));
        assertEquals(false, FewInputChannelConv.handles(new ConvGeometry(n, 3, 8, 8, 64, 4, 4, s)), "4 runs");
        assertTrue(n == 1 || !FewInputChannelConv.handles(new ConvGeometry(n - 1, 3, 10, 10, 64, 5, 5, s)));
    }
}
