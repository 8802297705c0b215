package dev.jgan.gan.dcgan;

import dev.jgan.gan.image.LineChart;
import dev.jgan.gan.image.PngEncoder;
import dev.jgan.gan.train.MetricsLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The files of a training run in its folder: the checkpoint, the metrics log (CSV, one row
 * per step), the loss curves, and a sample grid of the same fixed z after every epoch.
 */
public record RunFolder(Path root) {
    public Path checkpoint() {
        return root.resolve(Checkpoint.FILE_NAME);
    }

    public Path metrics() {
        return root.resolve("metrics.csv");
    }

    public Path lossChart() {
        return root.resolve("losses.png");
    }

    /** samples/epoch-001.png for the first epoch. */
    public Path epochGrid(long epoch) {
        return root.resolve("samples").resolve(String.format(Locale.ROOT, "epoch-%03d.png", epoch));
    }

    /** samples/step-000123.png, for a run stopped inside an epoch. */
    public Path stepGrid(long step) {
        return root.resolve("samples").resolve(String.format(Locale.ROOT, "step-%06d.png", step));
    }

    public void create() throws IOException {
        Files.createDirectories(root.resolve("samples"));
    }

    /** Plots D's and G's losses per step from the metrics log. */
    public void writeLossChart() throws IOException {
        List<MetricsLog.Row> rows = MetricsLog.read(metrics());
        double[] steps = rows.stream().mapToDouble(MetricsLog.Row::step).toArray();
        LineChart chart = new LineChart("DCGAN losses", "step")
                .add("loss D", steps, rows.stream().mapToDouble(MetricsLog.Row::lossD).toArray())
                .add("loss G", steps, rows.stream().mapToDouble(MetricsLog.Row::lossG).toArray());
        PngEncoder.write(chart.render(), lossChart());
    }
}
