package dev.jgan.gan.selfcheck;

import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Conv2d;
import dev.jgan.tensor.kernels.ConvSpec;
import dev.jgan.tensor.kernels.ConvTranspose2d;
import dev.jgan.tensor.kernels.Gemm;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * A quick speed look (medians of a few runs, no JMH): GEMM and the DCGAN-MNIST layers.
 * For careful numbers use the JMH suite in bench/.
 */
public final class SpeedSummary {
    private static final int RUNS = 5;

    private SpeedSummary() {}

    private record Layer(String name, boolean transposed, int batch, int cin, int cout, int size, ConvSpec spec) {}

    private static final Layer[] DCGAN_MNIST = {
        new Layer("G convT 100->256 k7 s1 p0 on 1x1", true, 128, 100, 256, 1, ConvSpec.of(7, 1, 0)),
        new Layer("G convT 256->128 k4 s2 p1 on 7x7", true, 128, 256, 128, 7, ConvSpec.of(4, 2, 1)),
        new Layer("G convT 128->1 k4 s2 p1 on 14x14", true, 128, 128, 1, 14, ConvSpec.of(4, 2, 1)),
        new Layer("D conv 1->64 k4 s2 p1 on 28x28", false, 128, 1, 64, 28, ConvSpec.of(4, 2, 1)),
        new Layer("D conv 64->128 k4 s2 p1 on 14x14", false, 128, 64, 128, 14, ConvSpec.of(4, 2, 1)),
        new Layer("D conv 128->1 k7 s1 p0 on 7x7", false, 128, 128, 1, 7, ConvSpec.of(7, 1, 0)),
    };

    public static void run(PrintStream out) {
        out.println("speed (median of " + RUNS + " runs; bench/run gives the careful JMH figures):");
        Rng rng = new Rng(7);
        int n = 1024;
        float[] a = Tensor.normal(rng, 0f, 1f, n, n).data();
        float[] b = Tensor.normal(rng, 0f, 1f, n, n).data();
        float[] c = new float[n * n];
        double gemmSeconds = median(() -> Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n));
        out.printf("  %-40s %8.2f ms %8.1f GFLOP/s%n", "gemm 1024^3", gemmSeconds * 1e3, 2.0 * n * n * n / gemmSeconds / 1e9);
        out.printf("  %-40s %10s %10s %10s  (GFLOP/s)%n", "DCGAN-MNIST layer, batch 128", "forward", "bwd input", "bwd weight");
        for (Layer layer : DCGAN_MNIST) {
            timeLayer(out, rng, layer);
        }
    }

    private static void timeLayer(PrintStream out, Rng rng, Layer l) {
        ConvSpec s = l.spec();
        Tensor x = Tensor.normal(rng, 0f, 1f, l.batch(), l.cin(), l.size(), l.size());
        double forward;
        double input;
        double weight;
        double macs;
        if (l.transposed()) {
            Tensor w = Tensor.normal(rng, 0f, 0.05f, l.cin(), l.cout(), s.kernelH(), s.kernelW());
            Tensor y = ConvTranspose2d.forward(x, w, null, s, 0, 0);
            Tensor dy = Tensor.normal(rng, 0f, 1f, y.shape());
            macs = (double) x.size() * l.cout() * s.kernelH() * s.kernelW();
            forward = median(() -> ConvTranspose2d.forward(x, w, null, s, y));
            input = median(() -> ConvTranspose2d.backwardInput(dy, w, s));
            weight = median(() -> ConvTranspose2d.backwardWeight(dy, x, s));
        } else {
            Tensor w = Tensor.normal(rng, 0f, 0.05f, l.cout(), l.cin(), s.kernelH(), s.kernelW());
            Tensor y = Conv2d.forward(x, w, null, s);
            Tensor dy = Tensor.normal(rng, 0f, 1f, y.shape());
            macs = (double) y.size() * l.cin() * s.kernelH() * s.kernelW();
            forward = median(() -> Conv2d.forward(x, w, null, s, y));
            input = median(() -> Conv2d.backwardInput(dy, w, s, l.size(), l.size()));
            weight = median(() -> Conv2d.backwardWeight(dy, x, s));
        }
        out.printf("  %-40s %10.1f %10.1f %10.1f%n", l.name(),
                2 * macs / forward / 1e9, 2 * macs / input / 1e9, 2 * macs / weight / 1e9);
    }

    private static double median(Runnable work) {
        work.run();
        double[] seconds = new double[RUNS];
        for (int r = 0; r < RUNS; r++) {
            long start = System.nanoTime();
            work.run();
            seconds[r] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        return seconds[RUNS / 2];
    }
}
