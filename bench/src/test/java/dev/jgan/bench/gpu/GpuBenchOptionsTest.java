package dev.jgan.bench.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GpuBenchOptionsTest {
    @Test
    void defaultsAreTheIssuesBatches() {
        GpuBench.Options o = GpuBench.Options.parse();
        assertArrayEquals(new int[] {64, 256}, o.convBatches());
        assertArrayEquals(new int[] {128, 1024}, o.dcganBatches());
        assertArrayEquals(new int[] {1, 16}, o.bigganBatches());
        assertEquals(Timing.Settings.FULL, o.settings());
        assertTrue(o.selects("biggan-64x256"));
        assertFalse(o.smallTiles());
    }

    @Test
    void optionsNarrowTheRun() {
        GpuBench.Options o = GpuBench.Options.parse("--quick", "--only", "mnist-d,dcgan-mnist", "--conv-batches", "2",
                "--small-tiles", "--dcgan-batches", "8,16");
        assertEquals(Timing.Settings.QUICK, o.settings());
        assertTrue(o.selects("mnist-d2"));
        assertTrue(o.selects("dcgan-mnist"));
        assertFalse(o.selects("mnist-g1"));
        assertFalse(o.selects("dcgan64-d1"));
        assertArrayEquals(new int[] {2}, o.convBatches());
        assertArrayEquals(new int[] {8, 16}, o.dcganBatches());
        assertTrue(o.smallTiles());
    }

    @Test
    void badOptionsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GpuBench.Options.parse("--fast", "1"))
                .getMessage().contains("--fast"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GpuBench.Options.parse("--only"))
                .getMessage().contains("--only"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GpuBench.Options.parse("--conv-batches", "0"))
                .getMessage().contains("--conv-batches"));
    }
}
