package dev.jgan.bench.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GpuBenchTableTest {
    private static final List<String> JGAN = List.of(
            "# jgan on NVIDIA H100, full timing",
            GpuBenchRow.HEADER,
            "jgan,mnist-d2,64,forward,FP32,2.00000,1.90000,10.0000,",
            "jgan,mnist-d2,64,forward,TF32,1.00000,0.90000,20.0000,",
            "jgan,mnist-d2,64,backwardInput,TF32,4.00000,3.90000,5.00000,ran the narrow float32 kernel (at most 4 channels)",
            "jgan,dcgan-mnist,128,train-step,FP32,8.00000,7.50000,,",
            "jgan,biggan-deep-256,1,forward,FP32,,,,not run: no generator");
    private static final List<String> TORCH = List.of(
            "# PyTorch 2.9 (cuDNN 91000) on NVIDIA H100",
            GpuBenchRow.HEADER,
            "pytorch,mnist-d2,64,forward,FP32,1.00000,0.95000,20.0000,",
            "pytorch,mnist-d2,64,forward,TF32,2.00000,1.80000,10.0000,",
            "pytorch,mnist-d2,64,backwardInput,TF32,1.00000,1.00000,20.0000,",
            "pytorch,dcgan-mnist,128,train-step,FP32,4.00000,3.00000,nan,",
            "pytorch,biggan-deep-256,1,forward,FP32,30.0000,29.0000,nan,",
            "pytorch,mnist-d3,64,forward,FP32,0.0100000,0.00900000,0.500000,");

    private static String table() {
        GpuBenchTable table = new GpuBenchTable();
        table.add(JGAN, "jgan.csv");
        table.add(TORCH, "pytorch.csv");
        return table.render();
    }

    private static String line(String markdown, String start) {
        return markdown.lines().filter(l -> l.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with '" + start + "' in\n" + markdown));
    }

    @Test
    void eachCaseShowsBothTimesAndPyTorchOverJgan() {
        String md = table();
        assertEquals("| mnist-d2 | 64 | forward | FP32 | 2.000 | 1.000 | 0.50 | 10.0 | 20.0 |  |",
                line(md, "| mnist-d2 | 64 | forward | FP32"));
        assertEquals("| mnist-d2 | 64 | forward | TF32 | 1.000 | 2.000 | 2.00 | 20.0 | 10.0 |  |",
                line(md, "| mnist-d2 | 64 | forward | TF32"));
        assertEquals("| dcgan-mnist | 128 | train-step | FP32 | 8.000 | 4.000 | 0.50 | - | - |  |",
                line(md, "| dcgan-mnist"));
    }

    @Test
    void missingSidesAndNotesAreShown() {
        String md = table();
        assertEquals("| biggan-deep-256 | 1 | forward | FP32 | - | 30.00 | - | - | - | jgan: not run: no generator |",
                line(md, "| biggan-deep-256"));
        assertTrue(line(md, "| mnist-d3").endsWith("| 0.01000 | - | - | 0.500 | jgan: no row |"), line(md, "| mnist-d3"));
        assertTrue(line(md, "| mnist-d2 | 64 | backwardInput").contains("jgan: ran the narrow float32 kernel (at most 4 channels)"));
        assertTrue(md.startsWith("- jgan on NVIDIA H100, full timing\n- PyTorch 2.9 (cuDNN 91000) on NVIDIA H100\n"), md);
    }

    @Test
    void theSummaryTakesTheGeometricMeanOfConvolutionRatiosPerPrecision() {
        String md = table();
        // FP32: one convolution with both sides (0.50); the DCGAN step has no FLOP count and is left out
        assertEquals("FP32 convolutions: geometric mean PyTorch/jgan 0.50 over 1 cases; 0 of 1 within 1.5x of PyTorch.",
                line(md, "FP32 convolutions"));
        // TF32: ratios 2.00 and 0.25, geometric mean 0.71; only the first is within 1.5x
        assertEquals("TF32 convolutions: geometric mean PyTorch/jgan 0.71 over 2 cases; 1 of 2 within 1.5x of PyTorch.",
                line(md, "TF32 convolutions"));
    }

    @Test
    void aCaseTimedTwiceByOneSideIsRefused() {
        GpuBenchTable table = new GpuBenchTable();
        table.add(JGAN, "jgan.csv");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.add(JGAN, "again.csv"));
        assertTrue(e.getMessage().contains("again.csv: jgan timed mnist-d2 64 forward FP32 twice"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> table.add(List.of("cudnn,mnist-d2,64,forward,FP32,1,1,1,"), "other.csv"));
    }
}
