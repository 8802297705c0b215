package dev.jgan.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.nn.autograd.Var;
import dev.jgan.nn.testing.GradCheck;
import dev.jgan.nn.testing.RefConv;
import dev.jgan.nn.testing.RefConv.Geometry;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConvLayersTest {
    @Test
    void conv2dLayerUsesItsGeometryAndPyTorchInit() {
        Conv2d conv = new Conv2d(3, 5, 4, 2, 1, true, new Rng(1));
        assertEquals(List.of("weight", "bias"), List.copyOf(conv.state().keySet()));
        float bound = (float) (1 / Math.sqrt(3 * 16));
        for (float w : conv.weight().value().data()) {
            assertTrue(Math.abs(w) <= bound);
        }
        Var x = Var.param(Tensor.normal(2, 0f, 1f, 2, 3, 9, 7));
        Geometry g = new Geometry(2, 3, 9, 7, 5, 4, 2, 1);
        new GradCheck().input("x", x).inputs(conv.parameters()).check("Conv2d layer", () -> conv.forward(x),
                in -> RefConv.conv2d(in.get("x"), in.get("weight"), in.get("bias"), g));
    }

    @Test
    void convTransposeLayerHonoursOutputPadding() {
        ConvTranspose2d up = new ConvTranspose2d(4, 3, 3, 2, 1, 1, false, new Rng(3));
        assertEquals(List.of("weight"), List.copyOf(up.state().keySet()));
        assertArrayEquals(new int[] {4, 3, 3, 3}, up.weight().shape());
        Var x = Var.param(Tensor.normal(4, 0f, 1f, 2, 4, 5, 6));
        Var y = up.forward(x);
        assertArrayEquals(new int[] {2, 3, 10, 12}, y.shape());
        Geometry g = new Geometry(2, 4, 5, 6, 3, 3, 2, 1);
        new GradCheck().input("x", x).inputs(up.parameters()).check("ConvTranspose2d layer", () -> up.forward(x),
                in -> RefConv.convTranspose2d(in.get("x"), in.get("weight"), null, g, 1));
    }
}
