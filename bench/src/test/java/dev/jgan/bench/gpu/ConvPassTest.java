package dev.jgan.bench.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.bench.LayerShape;
import dev.jgan.bench.LayerShape.Kind;
import dev.jgan.bench.LayerShapes;
import dev.jgan.cuda.Precision;
import org.junit.jupiter.api.Test;

class ConvPassTest {
    @Test
    void onlyTheImplicitGemmForwardHasATf32Kernel() {
        assertEquals(Precision.TF32, ConvPass.FORWARD.kernelPrecision(Kind.CONV, Precision.TF32));
        assertEquals(Precision.FP32, ConvPass.BACKWARD_INPUT.kernelPrecision(Kind.CONV, Precision.TF32));
        assertEquals(Precision.FP32, ConvPass.BACKWARD_WEIGHT.kernelPrecision(Kind.CONV, Precision.TF32));
        assertEquals(Precision.FP32, ConvPass.FORWARD.kernelPrecision(Kind.CONV_T, Precision.TF32));
        assertEquals(Precision.TF32, ConvPass.BACKWARD_INPUT.kernelPrecision(Kind.CONV_T, Precision.TF32));
        assertEquals(Precision.FP32, ConvPass.BACKWARD_WEIGHT.kernelPrecision(Kind.CONV_T, Precision.TF32));
        for (ConvPass pass : ConvPass.values()) {
            assertEquals(Precision.FP32, pass.kernelPrecision(Kind.CONV, Precision.FP32));
        }
    }

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
