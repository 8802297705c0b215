package dev.jgan.bench.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TorchWorkerTest {
    /** This JVM's java launcher and the fake worker's source, run by java's source launcher. */
    static List<String> fakeWorker() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String source = Path.of(TorchWorkerTest.class.getResource("/sidebyside/FakeTorchWorker.java").toURI()).toString();
        return List.of(java, source);
    }

    private static TorchWorker startFake() throws Exception {
        List<String> command = new java.util.ArrayList<>(fakeWorker());
        command.addAll(List.of("--threads", "2"));
        return new TorchWorker(command);
    }

    @Test
    void repliesAreParsedIntoRoutesAndTimes() throws Exception {
        try (TorchWorker worker = startFake()) {
            assertEquals("FakeTorch on 2 thread(s)", worker.banner());
            assertEquals(List.of("slow", "fast"), worker.routes("conv.forward", "mnist-d3"));
            assertEquals(3.0, worker.turn(0));
            assertEquals(1.0, worker.turn(1));
        }
    }

    @Test
    void anErrorReplyIsRaisedWithTheRequestAndTheWorkersText() throws Exception {
        try (TorchWorker worker = startFake()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> worker.routes("conv.forward", "broken"));
            assertTrue(e.getMessage().contains("case conv.forward broken") && e.getMessage().contains("KeyError"),
                    e.getMessage());
            assertEquals(List.of("slow", "fast"), worker.routes("conv.forward", "mnist-d3"),
                    "the worker goes on after an error");
        }
    }

    @Test
    void aWorkerThatExitsIsReportedNotWaitedFor() throws Exception {
        try (TorchWorker worker = startFake()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> worker.routes("conv.forward", "exit"));
            assertTrue(e.getMessage().contains("exited before answering 'case conv.forward exit'"), e.getMessage());
        }
    }

    @Test
    void aMissingProgramIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new TorchWorker(List.of("/nonexistent/python3", "worker.py")));
        assertTrue(e.getMessage().contains("/nonexistent/python3"), e.getMessage());
    }

    @Test
    void aTurnIsOneUntimedCallThenEnoughTimedCallsForTheTurnLength() {
        AtomicInteger calls = new AtomicInteger();
        CalibratedTurn turn = new CalibratedTurn(() -> {
            calls.incrementAndGet();
            return 2.0;
        }, 10);
        assertEquals(5, turn.calls());
        assertEquals(2, calls.get(), "calibration runs the call twice");
        assertEquals(2.0, turn.getAsDouble());
        assertEquals(2 + 1 + 5, calls.get());
    }

    @Test
    void turnsTakeMoreCallsOnceTheCallGetsFaster() {
        AtomicInteger calls = new AtomicInteger();
        // 10 ms for the first three calls (calibration and the first turn's untimed call), then 1 ms
        CalibratedTurn turn = new CalibratedTurn(() -> calls.incrementAndGet() <= 3 ? 10.0 : 1.0, 10);
        assertEquals(1, turn.calls(), "calibrated on a 10 ms call");
        assertEquals(1.0, turn.getAsDouble());
        assertEquals(10, turn.calls(), "the fastest call seen is 1 ms");
        assertEquals(1.0, turn.getAsDouble());
        assertEquals(2 + 2 + 11, calls.get());
    }

    @Test
    void lockstepRunPrintsEveryRouteAndMarksTheFastestAsPyTorchsBest() throws Exception {
        List<String> fake = fakeWorker();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        VersusTorch.run(new String[] {"--python", fake.get(0), "--worker", fake.get(1), "--reps", "3",
                "--warmup-ms", "0", "mnist-d3:forward"}, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(0).contains("FakeTorch on"), lines.get(0));
        String slow = lines.stream().filter(l -> l.contains(" slow ")).findFirst().orElseThrow();
        String fast = lines.stream().filter(l -> l.contains(" fast ")).findFirst().orElseThrow();
        assertTrue(slow.startsWith("mnist-d3") && slow.contains("forward") && !slow.endsWith("*"), slow);
        assertTrue(fast.endsWith("x) *"), fast);
        assertTrue(lines.get(lines.size() - 1).contains("of 1 passes"), lines.get(lines.size() - 1));
    }

    @Test
    void missingWorkerOrLayersGiveTheUsage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VersusTorch.run(new String[] {"--python", "python3", "mnist-d3"}, System.out));
        assertTrue(e.getMessage().startsWith("usage: VersusTorch"), e.getMessage());
    }
}
