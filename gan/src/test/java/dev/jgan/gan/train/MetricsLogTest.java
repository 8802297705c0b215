package dev.jgan.gan.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {

    @Test
    void resumedLogDropsRowsAfterTheCheckpointAndKeepsTheRest(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("metrics.csv");
        try (MetricsLog log = MetricsLog.open(file, 0)) {
            for (int step = 1; step <= 5; step++) {
                log.append(new MetricsLog.Row(step, 1, 1.0 / step, 2.0, 0.5, 0.25, 100));
            }
        }
        try (MetricsLog log = MetricsLog.open(file, 3)) {
            log.append(new MetricsLog.Row(4, 1, 9, 9, 9, 9, 9));
        }
        List<MetricsLog.Row> rows = MetricsLog.read(file);
        assertEquals(List.of(1L, 2L, 3L, 4L), rows.stream().map(MetricsLog.Row::step).toList());
        assertEquals(0.5, rows.get(1).lossD(), 1e-12);
        assertEquals(9.0, rows.get(3).lossD(), 1e-12);
    }

    @Test
    void progressLineShowsEveryField() {
        String line = ProgressLine.format(new ProgressLine.Status(2, 3, 600, 469, 412.3,
                Duration.ofSeconds(3725), 1.2345, 0.6789, 0.51, 0.33));
        assertEquals("epoch 2/3  step 131/469  412 img/s  ETA 1:02:05  loss D 1.2345 G 0.6789  D(x) 0.510  D(G(z)) 0.330", line);
        assertTrue(ProgressLine.formatDuration(Duration.ofSeconds(65)).equals("1:05"));
    }
}
