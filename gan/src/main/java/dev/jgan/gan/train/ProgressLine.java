package dev.jgan.gan.train;

import java.io.PrintStream;
import java.time.Duration;

/**
 * The live one-line status of a training run, rewritten in place on a terminal
 * (carriage return) and printed as plain lines when output is redirected.
 */
public final class ProgressLine {
    private final PrintStream out;
    private final boolean terminal;
    private int lastLength;

    public ProgressLine(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** One snapshot of training state. */
    public record Status(int epoch, int epochs, long step, long stepsPerEpoch, double imagesPerSecond,
                         Duration eta, double lossD, double lossG, double dReal, double dFake) {}

    public static String format(Status s) {
        long stepInEpoch = s.step() - (long) (s.epoch() - 1) * s.stepsPerEpoch();
        return String.format("epoch %d/%d  step %d/%d  %.0f img/s  ETA %s  loss D %.4f G %.4f  D(x) %.3f  D(G(z)) %.3f",
                s.epoch(), s.epochs(), stepInEpoch, s.stepsPerEpoch(), s.imagesPerSecond(), formatDuration(s.eta()),
                s.lossD(), s.lossG(), s.dReal(), s.dFake());
    }

    public static String formatDuration(Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        return seconds >= 3600
                ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format("%d:%02d", seconds / 60, seconds % 60);
    }

    public void update(Status status) {
        String line = format(status);
        if (terminal) {
            int pad = Math.max(0, lastLength - line.length());
            out.print("\r" + line + " ".repeat(pad));
            lastLength = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends the in-place line so the next output starts on a fresh line. */
    public void finish() {
        if (terminal && lastLength > 0) {
            out.println();
            lastLength = 0;
        }
    }
}
