package dev.jgan.bench;

import dev.jgan.bench.LayerShape.Kind;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayerShapesTest {

    @Test
    void convBenchParamsAreExactlyTheCatalogue() throws Exception {
        String[] params = ConvBench.class.getField("layer").getAnnotation(Param.class).value();
        assertEquals(LayerShapes.ALL.stream().map(LayerShape::name).toList(), List.of(params));
    }

    @Test
    void committedJsonIsTheCatalogue() throws Exception {
        assertEquals(LayerShapes.toJson(), Files.readString(Path.of("layer-shapes.json")),
                "bench/layer-shapes.json is stale: regenerate it with LayerShapes.main");
    }

    @Test
    void namesAreUniqueAndFound() {
        Set<String> names = new HashSet<>();
        for (LayerShape shape : LayerShapes.ALL) {
            assertTrue(names.add(shape.name()), shape.name());
            assertEquals(shape, LayerShapes.byName(shape.name()));
        }
        assertEquals(21, names.size());
        assertThrows(java.util.NoSuchElementException.class, () -> LayerShapes.byName("nope"));
    }

    @Test
    void outputSizesFollowTheNetworks() {
        assertEquals(7, LayerShapes.byName("mnist-g1").outH());
        assertEquals(14, LayerShapes.byName("mnist-g2").outH());
        assertEquals(28, LayerShapes.byName("mnist-g3").outW());
        assertEquals(1, LayerShapes.byName("mnist-d3").outH());
        assertEquals(64, LayerShapes.byName("dcgan64-g5").outW());
        assertEquals(32, LayerShapes.byName("dcgan64-d1").outH());
        assertEquals(1, LayerShapes.byName("dcgan64-d5").outW());
        assertEquals(256, LayerShapes.byName("biggan-rgb256").outH());
    }

    @Test
    void multiplyAddsCountedByHand() {
        // conv 64->128 k4 on 14x14 -> 7x7, batch 128: 128 * 128*7*7 outputs * 64*16 taps
        assertEquals(128L * 128 * 7 * 7 * 64 * 16, LayerShapes.byName("mnist-d2").macs());
        // convT 512->256 k4 on 4x4, batch 64: 64 * 512*4*4 inputs * 256*16 taps
        assertEquals(64L * 512 * 4 * 4 * 256 * 16, LayerShapes.byName("dcgan64-g2").macs());
        // 3x3 conv 64->64 at 256x256, batch 1
        assertEquals(256L * 256 * 64 * 64 * 9, LayerShapes.byName("biggan-64x256").macs());
    }

    @Test
    void transposedLayersCostTheSameAsTheirAdjointConvolution() {
        for (LayerShape t : LayerShapes.ALL) {
            if (t.kind() != Kind.CONV_T) {
                continue;
            }
            LayerShape adjoint = new LayerShape("adjoint", Kind.CONV, t.n(), t.cout(), t.cin(),
                    t.outH(), t.outW(), t.k(), t.s(), t.p());
            assertEquals(t.h(), adjoint.outH(), t.name());
            assertEquals(t.w(), adjoint.outW(), t.name());
            assertEquals(t.macs(), adjoint.macs(), t.name());
        }
    }
}
