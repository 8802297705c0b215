package dev.jgan.bench.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.bench.LayerShape;
import dev.jgan.bench.LayerShapes;
import dev.jgan.cuda.Precision;
import org.junit.jupiter.api.Test;

class ConvPassTest {
    @Test
    void tf32RowsOfLayersToOrFromFewChannelsSayTheyRanFloat32() {
        LayerShape g3 = LayerShapes.byName("mnist-g3");  // transposed 128 -> 1
        LayerShape d1 = LayerShapes.byName("mnist-d1");  // 1 -> 64
        LayerShape g2 = LayerShapes.byName("mnist-g2");  // transposed 256 -> 128
        assertEquals(ConvLayerBench.NARROW_NOTE, ConvLayerBench.note(g3, ConvPass.FORWARD, Precision.TF32));
        assertEquals(ConvLayerBench.NARROW_NOTE, ConvLayerBench.note(d1, ConvPass.BACKWARD_INPUT, Precision.TF32));
        assertEquals("", ConvLayerBench.note(g3, ConvPass.FORWARD, Precision.FP32));
        assertEquals("", ConvLayerBench.note(g3, ConvPass.BACKWARD_INPUT, Precision.TF32));
        assertEquals("", ConvLayerBench.note(d1, ConvPass.BACKWARD_WEIGHT, Precision.TF32));
        assertEquals("", ConvLayerBench.note(g2, ConvPass.FORWARD, Precision.TF32));
    }

    @Test
    void passNamesAreThoseOfThePyTorchComparison() {
        assertEquals("forward backwardInput backwardWeight",
                String.join(" ", java.util.Arrays.stream(ConvPass.values()).map(ConvPass::label).toList()));
    }

    @Test
    void aLayerAtAnotherBatchScalesItsWork() {
        LayerShape g2 = LayerShapes.byName("mnist-g2");
        LayerShape at256 = ConvLayerBench.atBatch(g2, 256, "");
        assertEquals(256, at256.n());
        assertEquals(g2.macs() * 2, at256.macs());
        assertEquals(g2.outH(), at256.outH());
    }
}
