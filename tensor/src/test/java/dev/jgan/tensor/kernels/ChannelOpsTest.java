package dev.jgan.tensor.kernels;

import static dev.jgan.tensor.reference.Compare.assertClose;
import static dev.jgan.tensor.reference.Compare.doubles;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.reference.ReferenceChannels;
import org.junit.jupiter.api.Test;

class ChannelOpsTest {
    /** NCHW, NCL and NC shapes: batch 1 and more, odd channel counts and widths, and large ones for threads. */
    static final int[][] SHAPES = {
        {1, 1, 1, 1}, {1, 3, 5, 7}, {2, 3, 13, 17}, {3, 7, 1, 1}, {1, 5, 31, 33}, {2, 17, 3, 3},
        {2, 3, 100}, {4, 13}, {7, 33}, {1, 1000}, {4, 3, 100, 100}, {9000, 17},
    };

    @Test
    void broadcastsMatchReference() {
        for (int[] shape : SHAPES) {
            int n = shape[0], c = shape[1], p = Shapes.size(shape, 2, shape.length);
            Tensor x = Tensor.normal(c + p, 0f, 2f, shape);
            Tensor scale = Tensor.normal(c, 1f, 0.5f, c);
            Tensor shift = Tensor.normal(c + 1, 0f, 1f, c);
            double[] xd = doubles(x), s = doubles(scale), t = doubles(shift);
            String name = Shapes.toString(shape);
            assertClose(ReferenceChannels.affine(xd, n, c, p, null, t, 1), ChannelOps.addChannels(x, shift),
                    "addChannels " + name);
            assertClose(ReferenceChannels.affine(xd, n, c, p, s, null, 1), ChannelOps.mulChannels(x, scale),
                    "mulChannels " + name);
            assertClose(ReferenceChannels.affine(xd, n, c, p, s, t, 1), ChannelOps.scaleShift(x, scale, shift),
                    "scaleShift " + name);
            assertClose(ReferenceChannels.affine(xd, n, c, p, s, t, 0), ChannelOps.scaleShiftRelu(x, scale, shift),
                    "scaleShiftRelu " + name);
            assertClose(ReferenceChannels.affine(xd, n, c, p, s, t, 0.2),
                    ChannelOps.scaleShiftLeakyRelu(x, scale, shift, 0.2f), "scaleShiftLeakyRelu " + name);
        }
    }

    @Test
    void reluVariantGivesPositiveZeros() {
        Tensor x = Tensor.normal(3, 0f, 1f, 2, 3, 5, 7);
        Tensor y = ChannelOps.scaleShiftRelu(x, Tensor.ones(3), Tensor.zeros(3));
        for (float v : y.data()) {
            assertTrue(Float.floatToRawIntBits(v) >= 0, "relu output " + v + " has its sign bit set");
        }
    }

    @Test
    void rowBiasAddsToEveryRow() {
        for (int[] mn : new int[][] {{1, 1}, {3, 7}, {5, 33}, {100, 17}, {4000, 31}}) {
            Tensor x = Tensor.normal(mn[1], 0f, 1f, mn);
            Tensor b = Tensor.normal(mn[0], 0f, 1f, mn[1]);
            double[] expected = ReferenceChannels.affine(doubles(x), mn[0], mn[1], 1, null, doubles(b), 1);
            assertClose(expected, ChannelOps.addRowBias(x, b), "addRowBias " + Shapes.toString(mn));
            ChannelOps.addRowBiasInto(x, b, x);
            assertClose(expected, x, "addRowBias in place " + Shapes.toString(mn));
        }
    }

    @Test
    void mismatchesNameBothShapes() {
        Tensor x = Tensor.zeros(2, 3, 4, 4);
        var e = assertThrows(IllegalArgumentException.class, () -> ChannelOps.addChannels(x, Tensor.zeros(4)));
        assertTrue(e.getMessage().contains("[2, 3, 4, 4]") && e.getMessage().contains("[4]"), e.getMessage());
        var o = assertThrows(IllegalArgumentException.class,
                () -> ChannelOps.scaleShiftInto(x, Tensor.zeros(3), Tensor.zeros(3), Tensor.zeros(2, 3, 4)));
        assertTrue(o.getMessage().contains("[2, 3, 4, 4]") && o.getMessage().contains("[2, 3, 4]"), o.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChannelOps.addChannels(Tensor.zeros(5), Tensor.zeros(5)));
        assertThrows(IllegalArgumentException.class, () -> ChannelOps.addRowBias(x, Tensor.zeros(3)));
    }
}
