package dev.jgan.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultTableTest {

    /** One entry of JMH's JSON result format, trimmed to the fields the table reads. */
    private static String entry(String benchmark, String params, double score, String unit, String... jvmArgs) {
        StringBuilder args = new StringBuilder();
        for (String a : jvmArgs) {
            args.append(args.isEmpty() ? "" : ", ").append(Json.quote(a));
        }
        return "{\"benchmark\": \"dev.jgan.bench." + benchmark + "\", \"mode\": \"avgt\", \"threads\": 1,"
                + " \"jvmArgs\": [" + args + "], \"params\": {" + params + "},"
                + " \"primaryMetric\": {\"score\": " + score + ", \"scoreError\": \"NaN\", \"scoreUnit\": \"" + unit + "\"},"
                + " \"secondaryMetrics\": {}}";
    }

    private static final double FMA_FLOPS_8_LANES_1_THREAD = 2.0 * 8 * FmaPeakBench.CHAINS * FmaPeakBench.ITERATIONS;

    private static List<BenchResult> sample() {
        // FMA at 1 thread, 8 lanes: chosen so that the peak is exactly 100 GFLOP/s.
        double fmaMs = FMA_FLOPS_8_LANES_1_THREAD / 100e6;
        String json = "[" + String.join(",\n",
                entry("FmaPeakBench.peak", "", fmaMs, "ms/op", "--add-modules=jdk.incubator.vector",
                        "-Djgan.threads=1", "-Djgan.vector.bits=256"),
                entry("GemmBench.sgemm", "\"size\": \"1000\"", 40_000, "us/op", "-Djgan.threads=1",
                        "-Djgan.vector.bits=256"),
                entry("GemmBench.sgemm", "\"size\": \"1000\"", 25, "ms/op", "-Djgan.threads=2",
                        "-Djgan.vector.bits=256"),
                entry("ConvBench.backwardWeight", "\"layer\": \"dcgan64-g2\"", 2 * 2147483648.0 / 50e6, "ms/op",
                        "-Djgan.threads=1"),
                entry("ConvBench.forward", "\"layer\": \"mnist-d2\"", 10, "ms/op", "-Djgan.threads=1")) + "]";
        return JmhResults.parse(json, 4, 16);
    }

    @Test
    void parsesOperationsShapesThreadsAndFlops() {
        List<BenchResult> rows = sample();
        BenchResult fma = rows.get(0);
        assertEquals("fma", fma.op());
        assertEquals(1, fma.threads());
        assertEquals(FMA_FLOPS_8_LANES_1_THREAD, fma.flopsPerOp());
        assertEquals(100.0, fma.gflops(), 1e-9);

        BenchResult gemm = rows.get(1);
        assertEquals("sgemm|1000|1", gemm.key());
        assertEquals(40.0, gemm.msPerOp(), 1e-12);
        assertEquals(50.0, gemm.gflops(), 1e-9);
        assertEquals(2, rows.get(2).threads());

        BenchResult conv = rows.get(3);
        assertEquals("convT.backwardWeight|dcgan64-g2|1", conv.key());
        assertEquals(50.0, conv.gflops(), 1e-9);
        assertEquals("conv.forward", rows.get(4).op());
    }

    @Test
    void defaultsApplyWhenTheRunSetNoProperties() {
        String json = "[" + entry("FmaPeakBench.peak", "", 1, "ms/op") + "]";
        BenchResult fma = JmhResults.parse(json, 4, 16).get(0);
        assertEquals(4, fma.threads());
        assertEquals(2.0 * 16 * FmaPeakBench.CHAINS * FmaPeakBench.ITERATIONS * 4, fma.flopsPerOp());
    }

    @Test
    void tableShowsGflopsAndShareOfPeakAtTheSameThreadCount() {
        String table = ResultTable.format(sample(), Map.of());
        String[] lines = table.split("\n");
        assertTrue(lines[0].matches("benchmark +shape +thr +ms/op +GFLOP/s +%peak"), lines[0]);
        assertTrue(lines[1].matches("fma +10 chains x 8 lanes +1 +\\S+ +100\\.0 +100\\.0"), lines[1]);
        assertTrue(lines[2].matches("sgemm +1000x1000x1000 +1 +40\\.00 +50\\.0 +50\\.0"), lines[2]);
        // no FMA row at 2 threads, so no share of peak
        assertTrue(lines[3].matches("sgemm +1000x1000x1000 +2 +25\\.00 +80\\.0 +-"), lines[3]);
        // catalogue order: mnist-d2 comes before dcgan64-g2
        assertTrue(lines[4].startsWith("conv.forward "), lines[4]);
        assertTrue(lines[4].contains("mnist-d2  conv 64->128 k4s2p1 14x14->7x7 N128"), lines[4]);
        assertTrue(lines[5].matches("convT\\.backwardWeight +dcgan64-g2 .* +1 +\\S+ +50\\.0 +50\\.0"), lines[5]);
        assertFalse(table.contains("jgan/torch"));
    }

    @Test
    void comparisonColumnsUseMatchingTorchTimings() {
        String torchJson = "{\"torch\": \"x\", \"results\": ["
                + "{\"op\": \"sgemm\", \"shape\": \"1000\", \"threads\": 1, \"variant\": \"same\", \"path\": \"torch.mm\", \"ms\": 20.0},"
                + "{\"op\": \"convT.backwardWeight\", \"shape\": \"dcgan64-g2\", \"threads\": 1, \"variant\": \"same\", \"path\": \"p\", \"ms\": 171.79869184},"
                + "{\"op\": \"convT.backwardWeight\", \"shape\": \"dcgan64-g2\", \"threads\": 1, \"variant\": \"best\", \"path\": \"alt\", \"ms\": 42.949672960}]}";
        String[] lines = ResultTable.format(sample(), TorchTiming.parse(torchJson)).split("\n");
        assertTrue(lines[0].contains("torch GFLOP/s") && lines[0].contains("jgan/torch"), lines[0]);
        // jgan 40 ms vs torch 20 ms: torch is twice as fast
        assertTrue(lines[2].matches(".* 40\\.00 +50\\.0 +50\\.0 +20\\.00 +100\\.0 +0\\.50$"), lines[2]);
        // no torch timing at 2 threads
        assertTrue(lines[3].matches(".* 80\\.0 +- +- +- +-$"), lines[3]);
        // jgan 85.9 ms vs torch 171.8 ms (2x faster) and vs the best path 42.9 ms (half as fast)
        assertTrue(lines[5].matches(".* 50\\.0 +171\\.8 +25\\.0 +2\\.00 +alt 42\\.95 ms +0\\.50$"), lines[5]);
    }

    @Test
    void allocationNotesListWhatProfGcMeasured() {
        String measured = "{\"benchmark\": \"dev.jgan.bench.DcganStepBench.step\", \"jvmArgs\": [\"-Djgan.threads=2\"],"
                + " \"params\": {\"batch\": \"128\"}, \"primaryMetric\": {\"score\": 300.0, \"scoreUnit\": \"ms/op\"},"
                + " \"secondaryMetrics\": {\"gc.alloc.rate.norm\": {\"score\": 1234567.0, \"scoreUnit\": \"B/op\"}}}";
        String json = "[" + measured + ", " + entry("GemmBench.sgemm", "\"size\": \"1000\"", 25, "ms/op") + "]";
        List<JmhResults.Allocation> allocations = JmhResults.allocations(json, 4);
        assertEquals(List.of(new JmhResults.Allocation("DcganStepBench.step", "{batch=128}", 2, 1234567.0)), allocations);
        String notes = ResultTable.allocationNotes(allocations);
        assertTrue(notes.contains("DcganStepBench.step {batch=128} 2 thr: 1,234,567 bytes"), notes);
        assertEquals("", ResultTable.allocationNotes(JmhResults.allocations("[" + entry("GemmBench.sgemm", "", 1, "ms/op") + "]", 4)));
    }

    @Test
    void planListsWhatPyTorchCanTime() {
        List<BenchResult> rows = new ArrayList<>(sample());
        rows.add(new BenchResult("Other.thing", "-", "-", 1, 1, 0, Double.NaN, 0));
        List<?> plan = (List<?>) Json.parse(ResultTable.plan(rows));
        assertEquals(4, plan.size());
        assertEquals(Map.of("op", "sgemm", "shape", "1000", "threads", 1.0), plan.get(0));
        assertEquals(Map.of("op", "conv.forward", "shape", "mnist-d2", "threads", 1.0), plan.get(3));
    }

    private static BenchResult conv(double ms) {
        return new BenchResult("conv.forward", "mnist-d2", "mnist-d2", 2, ms, Double.NaN, 2e9, 1);
    }

    private static Map<String, Map<String, TorchTiming>> torchAt(double ms) {
        return Map.of("same", Map.of("conv.forward|mnist-d2|2",
                new TorchTiming("conv.forward", "mnist-d2", 2, "same", "F.conv2d", ms)));
    }

    @Test
    void roundsGiveMedianTimesAndTheMedianOfRatiosTakenWithinEachRound() {
        // the machine slows down in round 2: both sides take twice as long, the ratio stays 0.5
        Rounds rounds = Rounds.of(List.of(
                new Rounds.Round(List.of(conv(10)), torchAt(5)),
                new Rounds.Round(List.of(conv(20)), torchAt(10)),
                new Rounds.Round(List.of(conv(12)), torchAt(9))));
        assertEquals(12.0, rounds.rows().get(0).msPerOp());
        assertEquals(9.0, rounds.torch().get("same").get("conv.forward|mnist-d2|2").ms());
        Rounds.Ratio ratio = rounds.ratio("same", "conv.forward|mnist-d2|2");
        assertEquals(0.5, ratio.median(), 1e-12);
        assertEquals(0.5, ratio.min(), 1e-12);
        assertEquals(0.75, ratio.max(), 1e-12);
        assertEquals(3, ratio.rounds());
        assertEquals(null, rounds.ratio("best", "conv.forward|mnist-d2|2"));

        String[] lines = ResultTable.format(rounds).split("\n");
        assertTrue(lines[0].endsWith("jgan/best  range"), lines[0]);
        assertTrue(lines[1].matches("conv\\.forward +mnist-d2 +2 +12\\.00 +166\\.7 +- +9\\.000 +222\\.2 +0\\.50 +0\\.50-0\\.75"),
                lines[1]);
    }

    @Test
    void oneRoundShowsNoRangeColumn() {
        String table = ResultTable.format(List.of(conv(10)), torchAt(5));
        assertTrue(table.split("\n")[0].endsWith("jgan/best"), table);
        assertFalse(table.contains("range"), table);
    }
}
