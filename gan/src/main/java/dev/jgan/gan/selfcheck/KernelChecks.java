package dev.jgan.gan.selfcheck;

import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Conv2d;
import dev.jgan.tensor.kernels.ConvSpec;
import dev.jgan.tensor.kernels.ConvTranspose2d;
import dev.jgan.tensor.kernels.Gemm;
import java.io.PrintStream;

/**
 * Run-time correctness checks of the fast kernels on this machine, with no test
 * framework: forward results against direct float64 recomputation of sampled
 * outputs, backward kernels through their adjoint identities
 * (&lt;conv(x, w), dy&gt; = &lt;x, dx(dy)&gt; = &lt;w, dw(dy, x)&gt;).
 */
public final class KernelChecks {
    private static final double TOLERANCE = 1e-5;

    private KernelChecks() {}

    /** Prints one line per check; returns true when all pass. */
    public static boolean runAll(PrintStream out) {
        boolean ok = true;
        Rng rng = new Rng(2024);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                ok &= report(out, "gemm 67x45x129 " + (ta ? "T" : "N") + (tb ? "T" : "N"),
                        gemmError(rng, 67, 45, 129, ta, tb));
            }
        }
        ok &= report(out, "gemm 300x257x520 NN", gemmError(rng, 300, 257, 520, false, false));
        ok &= checkConv(out, rng, "conv 3->5 k3 s1 p1 on 2x13x11", 2, 3, 5, 13, 11, ConvSpec.of(3, 1, 1));
        ok &= checkConv(out, rng, "conv 17->8 k4 s2 p1 on 3x14x14", 3, 17, 8, 14, 14, ConvSpec.of(4, 2, 1));
        ok &= checkConv(out, rng, "conv 6->7 k7 s1 p0 dil 1 on 1x9x10", 1, 6, 7, 9, 10, ConvSpec.of(7, 1, 0));
        ok &= checkConv(out, rng, "conv 4->3 k3 s1 p2 dil 2 on 2x8x9", 2, 4, 3, 8, 9, ConvSpec.of(3, 1, 2).withDilation(2));
        ok &= checkConvTranspose(out, rng, "convT 9->5 k4 s2 p1 on 2x7x7", 2, 9, 5, 7, 7, ConvSpec.of(4, 2, 1));
        ok &= checkConvTranspose(out, rng, "convT 10->6 k7 s1 p0 on 3x1x1", 3, 10, 6, 1, 1, ConvSpec.of(7, 1, 0));
        return ok;
    }

    private static boolean report(PrintStream out, String name, double error) {
        boolean pass = error <= TOLERANCE;
        out.printf("  %-52s rel err %.2e  %s%n", name, error, pass ? "ok" : "FAILED");
        return pass;
    }

    private static double gemmError(Rng rng, int m, int n, int k, boolean ta, boolean tb) {
        Tensor a = Tensor.normal(rng, 0f, 1f, ta ? k : m, ta ? m : k);
        Tensor b = Tensor.normal(rng, 0f, 1f, tb ? n : k, tb ? k : n);
        float[] c = new float[m * n];
        Gemm.sgemm(ta, tb, m, n, k, 1f, a.data(), 0, ta ? m : k, b.data(), 0, tb ? k : n, 0f, c, 0, n);
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? a.data()[p * m + i] : a.data()[i * k + p];
                    double bv = tb ? b.data()[j * k + p] : b.data()[p * n + j];
                    sum += av * bv;
                }
                diff += (c[i * n + j] - sum) * (c[i * n + j] - sum);
                norm += sum * sum;
            }
        }
        return Math.sqrt(diff / norm);
    }

    private static boolean checkConv(PrintStream out, Rng rng, String name,
                                     int n, int cin, int cout, int h, int w, ConvSpec spec) {
        Tensor x = Tensor.normal(rng, 0f, 1f, n, cin, h, w);
        Tensor weight = Tensor.normal(rng, 0f, 1f, cout, cin, spec.kernelH(), spec.kernelW());
        Tensor bias = Tensor.normal(rng, 0f, 1f, cout);
        Tensor y = Conv2d.forward(x, weight, bias, spec);
        Tensor dy = Tensor.normal(rng, 0f, 1f, y.shape());
        Tensor yNoBias = Conv2d.forward(x, weight, null, spec);
        double forward = sampledConvError(x, weight, bias, spec, y);
        double input = adjointError(yNoBias, dy, x, Conv2d.backwardInput(dy, weight, spec, h, w));
        double weights = adjointError(yNoBias, dy, weight, Conv2d.backwardWeight(dy, x, spec));
        boolean ok = report(out, name + " forward", forward);
        ok &= report(out, name + " backward input", input);
        return ok & report(out, name + " backward weight", weights);
    }

    private static boolean checkConvTranspose(PrintStream out, Rng rng, String name,
                                              int n, int cin, int cout, int h, int w, ConvSpec spec) {
        Tensor x = Tensor.normal(rng, 0f, 1f, n, cin, h, w);
        Tensor weight = Tensor.normal(rng, 0f, 1f, cin, cout, spec.kernelH(), spec.kernelW());
        Tensor y = ConvTranspose2d.forward(x, weight, null, spec, 0, 0);
        Tensor dy = Tensor.normal(rng, 0f, 1f, y.shape());
        double forward = sampledConvTransposeError(x, weight, spec, y);
        double input = adjointError(y, dy, x, ConvTranspose2d.backwardInput(dy, weight, spec));
        double weights = adjointError(y, dy, weight, ConvTranspose2d.backwardWeight(dy, x, spec));
        boolean ok = report(out, name + " forward", forward);
        ok &= report(out, name + " backward input", input);
        return ok & report(out, name + " backward weight", weights);
    }

    /** |&lt;y, dy&gt; - &lt;u, du&gt;| relative to the Cauchy-Schwarz bound of both sides. */
    private static double adjointError(Tensor y, Tensor dy, Tensor u, Tensor du) {
        double left = dot(y, dy);
        double right = dot(u, du);
        double scale = Math.max(norm(y) * norm(dy), norm(u) * norm(du));
        return Math.abs(left - right) / scale;
    }

    private static double dot(Tensor a, Tensor b) {
        double sum = 0;
        for (int i = 0; i < a.size(); i++) {
            sum += (double) a.data()[i] * b.data()[i];
        }
        return sum;
    }

    private static double norm(Tensor a) {
        return Math.sqrt(dot(a, a));
    }

    private static double sampledConvError(Tensor x, Tensor w, Tensor bias, ConvSpec s, Tensor y) {
        int[] xs = x.shape();
        int[] ys = y.shape();
        double diff = 0;
        double norm = 0;
        for (int index = 0; index < y.size(); index += 7) {
            int ow = index % ys[3];
            int oh = index / ys[3] % ys[2];
            int co = index / (ys[3] * ys[2]) % ys[1];
            int n = index / (ys[3] * ys[2] * ys[1]);
            double sum = bias.data()[co];
            for (int ci = 0; ci < xs[1]; ci++) {
                for (int kh = 0; kh < s.kernelH(); kh++) {
                    int ih = oh * s.strideH() - s.padH() + kh * s.dilationH();
                    for (int kw = 0; kw < s.kernelW(); kw++) {
                        int iw = ow * s.strideW() - s.padW() + kw * s.dilationW();
                        if (ih >= 0 && ih < xs[2] && iw >= 0 && iw < xs[3]) {
                            sum += (double) x.get(n, ci, ih, iw) * w.get(co, ci, kh, kw);
                        }
                    }
                }
            }
            diff += (y.data()[index] - sum) * (y.data()[index] - sum);
            norm += sum * sum;
        }
        return Math.sqrt(diff / norm);
    }

    private static double sampledConvTransposeError(Tensor x, Tensor w, ConvSpec s, Tensor y) {
        int[] xs = x.shape();
        int[] ys = y.shape();
        double diff = 0;
        double norm = 0;
        for (int index = 0; index < y.size(); index += 5) {
            int ow = index % ys[3];
            int oh = index / ys[3] % ys[2];
            int co = index / (ys[3] * ys[2]) % ys[1];
            int n = index / (ys[3] * ys[2] * ys[1]);
            double sum = 0;
            for (int ci = 0; ci < xs[1]; ci++) {
                for (int kh = 0; kh < s.kernelH(); kh++) {
                    int th = oh + s.padH() - kh * s.dilationH();
                    for (int kw = 0; kw < s.kernelW(); kw++) {
                        int tw = ow + s.padW() - kw * s.dilationW();
                        if (th >= 0 && tw >= 0 && th % s.strideH() == 0 && tw % s.strideW() == 0
                                && th / s.strideH() < xs[2] && tw / s.strideW() < xs[3]) {
                            sum += (double) x.get(n, ci, th / s.strideH(), tw / s.strideW()) * w.get(ci, co, kh, kw);
                        }
                    }
                }
            }
            diff += (y.data()[index] - sum) * (y.data()[index] - sum);
            norm += sum * sum;
        }
        return Math.sqrt(diff / norm);
    }
}
