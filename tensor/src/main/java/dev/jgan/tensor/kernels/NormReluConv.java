package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import java.util.Arrays;

/**
 * A 1x1 convolution of a normalised, rectified input,
 * {@code y = conv1x1(relu((x - mean) / sqrt(var + eps) * gain + offset), w) + bias}, without
 * storing the normalised input: the GEMM normalises each panel of x as it packs it. That saves
 * writing the normalised activations and reading them back (BigGAN-deep's blocks open and close
 * with this pair). The bits are those of {@link NormRelu#forwardInto} followed by
 * {@link Conv2d#forward}: where Conv2d multiplies by its packed weights, the same per-value
 * arithmetic, then the same GEMM over the same depth blocks; where it takes another route (a few
 * output channels, a single position), the normalised input is stored and Conv2d runs on it.
 */
public final class NormReluConv {
    private NormReluConv() {}

    /**
     * Writes the convolution into y [N, Cout, H, W] (overwriting it) from x [N, Cin, H, W];
     * mean and var [Cin], gain and offset [Cin] or [N, Cin] as for {@link NormRelu#forwardInto},
     * w [Cout, Cin, 1, 1], bias [Cout] or null.
     */
    public static void forwardInto(Tensor x, Tensor mean, Tensor var, float eps, Tensor gain, Tensor offset,
                                   Tensor w, Tensor bias, Tensor y) {
        ConvArgs.requireImages("normReluConv input", x);
        ConvArgs.requireImages("normReluConv weight", w);
        int images = x.dim(0), cIn = x.dim(1), cOut = w.dim(0);
        Shapes.requireShape("normReluConv weight (a 1x1 kernel over the input's channels)", w, cOut, cIn, 1, 1);
        ConvArgs.requireBias("normReluConv bias", bias, cOut);
        Shapes.requireShape("normReluConv output", y, images, cOut, x.dim(2), x.dim(3));
        ConvSpec spec = ConvSpec.of(1, 1, 0);
        ConvGeometry g = Conv2d.geometry(images, cIn, x.dim(2), x.dim(3), cOut, spec, x, "normReluConv input");
        if (!ConvLowering.lowersWithPackedWeights(g)) {
            // Conv2d takes another route for this shape (few output channels, a single position): its bits
            Conv2d.forward(NormRelu.forward(x, mean, var, eps, gain, offset), w, bias, spec, y);
            return;
        }
        NormRelu.Coefficients k = NormRelu.coefficients(x, mean, var, eps, gain, offset);
        int plane = x.dim(2) * x.dim(3);
        GemmPackedA weights = GemmPackedA.pack(false, cOut, cIn, w.data(), 0, cIn,
                ConvScratch.get().packed(GemmPackedA.size(GemmTile.DEFAULT, cOut, cIn)), 0);
        for (int n = 0; n < images; n++) {
            int image = n;
            // B = relu(norm(x_n)) [Cin, plane]: row c normalised with image n's constants for channel c
            GemmPanelSource normalised = (p0, kc, j0, nc, dst, nr) ->
                    pack(x.data(), image, cIn, plane, k, p0, kc, j0, nc, dst, nr);
            Gemm.sgemm(weights, plane, normalised, 0f, y.data(), n * cOut * plane, plane);
            if (bias != null) {
                ChannelPlanes.addBias(y.data(), cOut, plane, n, 0, plane, bias.data());
            }
        }
    }

    /** {@link GemmPanelSource#pack} for the normalised channel planes of one image. */
    private static void pack(float[] x, int image, int cIn, int plane, NormRelu.Coefficients k, int p0, int kc,
                             int j0, int nc, float[] dst, int nr) {
        for (int p = 0; p < kc; p++) {
            int c = image * cIn + p0 + p;
            float mu = k.mean()[c], invstd = k.invstd()[c], gain = k.gain()[c], shift = k.shift()[c];
            for (int q = 0; q * nr < nc; q++) {
                int cols = Math.min(nr, nc - q * nr);
                int d = q * nr * kc + p * nr;
                NormRelu.normalize(x, c * plane + j0 + q * nr, dst, d, cols, mu, invstd, gain, shift);
                Arrays.fill(dst, d + cols, d + nr, 0f);
            }
        }
    }
}
