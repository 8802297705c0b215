package dev.jgan.bench.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.bench.LayerShape;
import dev.jgan.bench.LayerShapes;
import org.junit.jupiter.api.Test;

class ConvPassTest {
    @Test
    void passNamesAreThoseOfThePyTorchComparison() {
        assertEquals("forward backwardInput backwardWeight",
                String.join(" ", java.util.Arrays.stream(ConvPass.values()).map(ConvPass::label).toList()));
    }

    @Test
    void aLayerAtAnotherBatchScalesItsWork() {
        LayerShape g2 = LayerShapes.byName("mnist-g2");
        LayerShape at256 = ConvLayerBench.atBatch(g2, 256);
        assertEquals(256, at256.n());
        assertEquals(g2.macs() * 2, at256.macs());
        assertEquals(g2.outH(), at256.outH());
    }
}
