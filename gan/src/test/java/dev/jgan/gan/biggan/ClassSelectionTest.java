package dev.jgan.gan.biggan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassSelectionTest {
    @Test
    void plainValuesGiveOneOneHotVectorEach() {
        ClassSelection s = ClassSelection.parse(List.of("soap bubble", "coffee", "947"), 1000);
        assertEquals(3, s.size());
        assertEquals(List.of("bubble", "espresso", "mushroom"), List.of(s.label(0), s.label(1), s.label(2)));
        Tensor v = s.vectors(1);
        assertArrayEquals(new int[] {3, 1000}, v.shape());
        assertEquals(3f, sum(v));
        assertEquals(1f, v.get(0, 971));
        assertEquals(1f, v.get(1, 967));
        assertEquals(1f, v.get(2, 947));
    }

    @Test
    void repeatsKeepEachClassTogether() {
        Tensor v = ClassSelection.parse(List.of("tiger", "lion"), 1000).vectors(2);
        assertArrayEquals(new int[] {4, 1000}, v.shape());
        assertEquals(1f, v.get(0, 292));
        assertEquals(1f, v.get(1, 292));
        assertEquals(1f, v.get(2, 291));
        assertEquals(1f, v.get(3, 291));
        assertEquals(4f, sum(v));
    }

    @Test
    void weightedValuesBlendIntoOneVector() {
        ClassSelection s = ClassSelection.parse(List.of("tiger:0.5", "lion:0.25", "292:0.25"), 1000);
        assertEquals(1, s.size());
        assertEquals(List.of(new ClassWeight(292, 0.75), new ClassWeight(291, 0.25)), s.terms(0));
        assertEquals("tiger 0.5 + lion 0.25 + tiger 0.25", s.label(0));
        Tensor v = s.vectors(3);
        assertArrayEquals(new int[] {3, 1000}, v.shape());
        for (int r = 0; r < 3; r++) {
            assertEquals(0.75f, v.get(r, 292));
            assertEquals(0.25f, v.get(r, 291));
        }
        assertEquals(3f, sum(v), 1e-6f);
    }

    @Test
    void badWeightsAreRefused() {
        assertEquals("class weight in 'tiger:-0.5' is negative", error("tiger:-0.5", "lion:1"));
        assertEquals("class weight in 'tiger:NaN' must be finite, found NaN", error("tiger:NaN"));
        assertEquals("class weight in 'tiger:Infinity' must be finite, found Infinity", error("tiger:Infinity"));
        assertEquals("class weight 'x' in 'tiger:x' is not a number", error("tiger:x"));
        assertEquals("the class weights sum to 0; give at least one positive weight", error("tiger:0", "lion:0"));
        assertEquals("class values either all carry weights (one blended class vector) or none do (one image per class);"
                + " found 'tiger:0.5' and 'lion'", error("tiger:0.5", "lion"));
        assertEquals("give at least one class", error());
    }

    @Test
    void badClassesAreRefused() {
        assertTrue(error("tigre:0.5").startsWith("unknown class 'tigre'; closest: 292 tiger"), error("tigre:0.5"));
        assertEquals("class index 1000 is out of range 0..999", error("1000"));
    }

    @Test
    void modelsWithOtherClassCountsTakeIndicesOnly() {
        ClassSelection s = ClassSelection.parse(List.of("3", "9"), 10);
        assertEquals("class 3", s.label(0));
        assertEquals(1f, s.vectors(1).get(1, 9));
        assertEquals("this model has 10 classes, not the 1000 ImageNet ones: give a class index 0..9, not 'tiger'",
                assertThrows(IllegalArgumentException.class, () -> ClassSelection.parse(List.of("tiger"), 10)).getMessage());
        assertEquals("class index 10 is out of range 0..9",
                assertThrows(IllegalArgumentException.class, () -> ClassSelection.parse(List.of("10"), 10)).getMessage());
    }

    private static String error(String... values) {
        return assertThrows(IllegalArgumentException.class, () -> ClassSelection.parse(List.of(values), 1000)).getMessage();
    }

    private static float sum(Tensor t) {
        float s = 0;
        for (float v : t.data()) {
            s += v;
        }
        return s;
    }
}
