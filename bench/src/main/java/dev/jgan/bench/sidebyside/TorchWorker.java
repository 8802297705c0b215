package dev.jgan.bench.sidebyside;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PyTorch process ({@code bench/torch_lockstep.py}) that times one turn of a layer pass each time
 * it is asked, so its turns can alternate with jgan's. One request line, one reply line:
 * {@code case OP LAYER} answers the routes PyTorch has to that result, {@code turn I} the mean
 * milliseconds per call of route I. The worker waits for its own threads to go idle before replying.
 */
public final class TorchWorker implements AutoCloseable {
    private final Process process;
    private final BufferedReader replies;
    private final PrintWriter requests;
    private final String banner;

    /** Starts {@code command} and waits for its {@code ready} line. */
    public TorchWorker(List<String> command) {
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the PyTorch worker " + command + ": " + e.getMessage(), e);
        }
        replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        requests = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        banner = expect("ready", "start");
    }

    /** What the worker said it runs, e.g. {@code PyTorch 1.13.0 on 2 thread(s)}. */
    public String banner() {
        return banner;
    }

    /** Prepares {@code op} (e.g. {@code convT.forward}) on {@code layer}; returns PyTorch's routes to that result. */
    public List<String> routes(String op, String layer) {
        requests.println("case " + op + " " + layer);
        return Arrays.asList(expect("routes", "case " + op + " " + layer).split(" "));
    }

    /** One turn of route {@code route} of the current case: the mean milliseconds per timed call. */
    public double turn(int route) {
        requests.println("turn " + route);
        String ms = expect("ms", "turn " + route);
        try {
            return Double.parseDouble(ms);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the PyTorch worker answered 'turn " + route + "' with 'ms " + ms + "'");
        }
    }

    /** The rest of the next reply, which must start with {@code word}. */
    private String expect(String word, String request) {
        String line;
        try {
            line = replies.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the PyTorch worker's reply to '" + request + "'", e);
        }
        if (line == null) {
            throw new IllegalStateException("the PyTorch worker exited before answering '" + request + "'"
                    + " (its messages are above)");
        }
        if (line.startsWith("error ")) {
            throw new IllegalArgumentException("PyTorch worker, on '" + request + "': " + line.substring(6));
        }
        if (!line.startsWith(word + " ")) {
            throw new IllegalStateException("the PyTorch worker answered '" + request + "' with '" + line
                    + "', expected '" + word + " ...'");
        }
        return line.substring(word.length() + 1);
    }

    @Override
    public void close() {
        requests.println("quit");
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
