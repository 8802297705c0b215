package dev.jgan.bench.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GpuBenchRowTest {
    @Test
    void aRowSurvivesItsCsvLine() {
        GpuBenchRow row = new GpuBenchRow("jgan", "mnist-g2", 256, "backwardInput", "TF32", 1.25, 1.125, 10.5,
                "ran the narrow float32 kernel (at most 4 channels)");
        GpuBenchRow back = GpuBenchRow.parse(row.toCsv());
        assertEquals(row, back);
        assertTrue(back.ran());
    }

    @Test
    void aCaseThatDidNotRunHasEmptyNumbers() {
        GpuBenchRow row = GpuBenchRow.notRun("jgan", "biggan-deep-256", 16, "forward", "FP32", "not run: reason");
        assertEquals("jgan,biggan-deep-256,16,forward,FP32,,,,not run: reason", row.toCsv());
        GpuBenchRow back = GpuBenchRow.parse(row.toCsv());
        assertFalse(back.ran());
        assertTrue(Double.isNaN(back.tflops()));
        assertEquals("not run: reason", back.note());
    }

    @Test
    void pythonsNanAndSpacesAreRead() {
        GpuBenchRow row = GpuBenchRow.parse("pytorch,dcgan-mnist,128,train-step,FP32, 3.5 ,3.25,nan,");
        assertEquals(3.5, row.msMedian());
        assertTrue(Double.isNaN(row.tflops()));
        assertEquals("dcgan-mnist|128|train-step|FP32", row.caseKey());
    }

    @Test
    void malformedLinesAreRefusedWithTheLine() {
        IllegalArgumentException fields = assertThrows(IllegalArgumentException.class,
                () -> GpuBenchRow.parse("jgan,mnist-d1,64,forward"));
        assertTrue(fields.getMessage().contains("4 fields"), fields.getMessage());
        IllegalArgumentException number = assertThrows(IllegalArgumentException.class,
                () -> GpuBenchRow.parse("jgan,mnist-d1,64,forward,FP32,fast,1,1,"));
        assertTrue(number.getMessage().contains("jgan,mnist-d1,64,forward,FP32,fast"), number.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new GpuBenchRow("jgan", "a,b", 1, "forward", "FP32", 1, 1, 1, ""));
    }
}
