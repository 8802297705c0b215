package dev.jgan.gan.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The per-step metrics of a training run as CSV (one header line, then one row per step),
 * appended and flushed as it goes so a killed run keeps what it measured.
 */
public final class MetricsLog implements AutoCloseable {
    public static final String HEADER = "step,epoch,loss_d,loss_g,d_real,d_fake,images_per_second";

    /** One logged row. */
    public record Row(long step, int epoch, double lossD, double lossG, double dReal, double dFake,
                      double imagesPerSecond) {
        String toCsv() {
            return String.format(Locale.ROOT, "%d,%d,%.6g,%.6g,%.6g,%.6g,%.1f",
                    step, epoch, lossD, lossG, dReal, dFake, imagesPerSecond);
        }

        static Row parse(String line) {
            String[] f = line.split(",");
            return new Row(Long.parseLong(f[0]), Integer.parseInt(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                    Double.parseDouble(f[6]));
        }
    }

    private final BufferedWriter writer;

    private MetricsLog(BufferedWriter writer) {
        this.writer = writer;
    }

    /**
     * Opens the log for appending; rows after {@code keepUpToStep} (written by a run that was
     * killed after its last checkpoint) are dropped so a resumed run does not log them twice.
     */
    public static MetricsLog open(Path file, long keepUpToStep) throws IOException {
        List<String> kept = new ArrayList<>();
        kept.add(HEADER);
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.equals(HEADER) && Row.parse(line).step() <= keepUpToStep) {
                    kept.add(line);
                }
            }
        }
        Files.write(file, kept, StandardCharsets.UTF_8);
        return new MetricsLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    }

    public static List<Row> read(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.equals(HEADER)) {
                rows.add(Row.parse(line));
            }
        }
        return rows;
    }

    public void append(Row row) throws IOException {
        writer.write(row.toCsv());
        writer.newLine();
        writer.flush();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
