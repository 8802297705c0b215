package dev.jgan.nn.autograd;

import dev.jgan.nn.testing.GradCheck;
import dev.jgan.nn.testing.RefConv;
import dev.jgan.nn.testing.RefConv.Geometry;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.ConvSpec;
import org.junit.jupiter.api.Test;

/** conv2d and convTranspose2d against float64 loops, over strides, paddings, odd sizes and both bias settings. */
class ConvolutionGradientTest {
    private static final Geometry[] GEOMETRIES = {
        new Geometry(1, 1, 5, 5, 1, 1, 1, 0),
        new Geometry(2, 3, 7, 5, 5, 3, 1, 1),
        new Geometry(2, 3, 8, 8, 4, 4, 2, 1),
        new Geometry(1, 5, 9, 7, 3, 3, 2, 2),
        new Geometry(3, 2, 7, 7, 7, 7, 1, 0),
    };

    private static Var param(long seed, int... shape) {
        return Var.param(Tensor.normal(seed, 0f, 1f, shape));
    }

    @Test
    void conv2d() {
        long seed = 1;
        for (Geometry g : GEOMETRIES) {
            for (boolean withBias : new boolean[] {true, false}) {
                Var x = param(seed++, g.n(), g.cin(), g.h(), g.w());
                Var w = param(seed++, g.cout(), g.cin(), g.k(), g.k());
                Var b = withBias ? param(seed++, g.cout()) : null;
                GradCheck check = new GradCheck().input("x", x).input("w", w);
                if (withBias) {
                    check.input("b", b);
                }
                check.check("conv2d " + g + " bias " + withBias,
                        () -> Convolution.conv2d(x, w, b, ConvSpec.of(g.k(), g.stride(), g.pad())),
                        in -> RefConv.conv2d(in.get("x"), in.get("w"), in.get("b"), g));
            }
        }
    }

    @Test
    void convTranspose2d() {
        long seed = 100;
        for (Geometry g : GEOMETRIES) {
            for (int outputPadding = 0; outputPadding < Math.min(2, g.stride()); outputPadding++) {
                boolean withBias = outputPadding == 0;
                int op = outputPadding;
                Var x = param(seed++, g.n(), g.cin(), g.h(), g.w());
                Var w = param(seed++, g.cin(), g.cout(), g.k(), g.k());
                Var b = withBias ? param(seed++, g.cout()) : null;
                GradCheck check = new GradCheck().input("x", x).input("w", w);
                if (withBias) {
                    check.input("b", b);
                }
                check.check("convTranspose2d " + g + " outputPadding " + op,
                        () -> Convolution.convTranspose2d(x, w, b, ConvSpec.of(g.k(), g.stride(), g.pad()), op, op),
                        in -> RefConv.convTranspose2d(in.get("x"), in.get("w"), in.get("b"), g, op));
            }
        }
    }
}
