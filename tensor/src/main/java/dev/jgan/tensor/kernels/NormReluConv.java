package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import java.util.Arrays;

/**
 * A convolution of a normalised, rectified input,
 * {@code y = conv(relu((x - mean) / sqrt(var + eps) * gain + offset), w) + bias}, without storing
 * the normalised input where the convolution can normalise it as it reads it: a 1x1 convolution's
 * GEMM normalises each panel of x as it packs it, and Winograd's algorithm ({@link WinogradConv})
 * normalises the input rows it stages, up-sampling them too where the convolution reads
 * nearest2x(relu(norm(x))). That saves writing the normalised (and up-sampled) activations and
 * reading them back: BigGAN-deep's blocks run every one of their four convolutions on such an input.
 * The bits are those of {@link NormRelu#forwardInto} (then {@link Upsample#nearest2xInto}) followed
 * by {@link Conv2d#forward}: on the fused routes, the same per-value arithmetic feeding the same
 * products; on the others (Conv2d taking another route for the shape), the input is stored and
 * Conv2d runs on it.
 */
public final class NormReluConv {
    private NormReluConv() {}

    /**
     * Whether {@link #forwardInto} normalises x as the convolution reads it, so that it needs no
     * scratch tensor: x [N, Cin, H, W], a kernel of Cout output channels with spec.
     */
    public static boolean fuses(Tensor x, int outChannels, ConvSpec spec) {
        return fuses(geometry(x, 1, outChannels, spec));
    }

    private static boolean fuses(ConvGeometry g) {
        return packsNormalised(g) || ConvLowering.takesWinograd(g);
    }

    /** A 1x1 convolution Conv2d multiplies by its packed weights: its GEMM packs the normalised input. */
    private static boolean packsNormalised(ConvGeometry g) {
        return g.pointwise() && ConvLowering.lowersWithPackedWeights(g);
    }

    /** Whether {@link #forwardUpsampledInto} up-samples and normalises x as the convolution reads it. */
    public static boolean fusesUpsampled(Tensor x, int outChannels, ConvSpec spec) {
        return ConvLowering.takesWinograd(geometry(x, 2, outChannels, spec));
    }

    /**
     * Writes the convolution into y [N, Cout, outH, outW] (overwriting it) from x [N, Cin, H, W];
     * mean and var [Cin], gain and offset [Cin] or [N, Cin] as for {@link NormRelu#forwardInto},
     * w [Cout, Cin, kH, kW] with spec, bias [Cout] or null. Where the shape does not {@link #fuses fuse},
     * the normalised input is written into {@code scratch} (x's shape; null: a new tensor) first.
     */
    public static void forwardInto(Tensor x, Tensor mean, Tensor var, float eps, Tensor gain, Tensor offset,
                                   Tensor w, Tensor bias, ConvSpec spec, Tensor y, Tensor scratch) {
        ConvGeometry g = checked(x, 1, w, bias, spec, y);
        int images = x.dim(0), cIn = x.dim(1), cOut = w.dim(0);
        if (!fuses(g)) {
            // Conv2d takes another route for this shape: its bits, on the stored normalised input
            Tensor normalised = scratch == null ? Tensor.zeros(x.shape()) : scratch;
            Shapes.requireSame("normReluConv scratch", x.shape(), normalised.shape());
            NormRelu.forwardInto(x, mean, var, eps, gain, offset, normalised);
            Conv2d.forward(normalised, w, bias, spec, y);
            return;
        }
        NormRelu.Coefficients k = NormRelu.coefficients(x, mean, var, eps, gain, offset);
        float[] b = bias == null ? null : bias.data();
        if (!packsNormalised(g)) {
            WinogradConv.forwardNormalised(g, x.data(), k, false, w.data(), b, y.data());
            return;
        }
        int plane = x.dim(2) * x.dim(3);
        GemmPackedA weights = GemmPackedA.pack(false, cOut, cIn, w.data(), 0, cIn,
                ConvScratch.get().packed(GemmPackedA.size(GemmTile.DEFAULT, cOut, cIn)), 0);
        for (int n = 0; n < images; n++) {
            int image = n;
            // B = relu(norm(x_n)) [Cin, plane]: row c normalised with image n's constants for channel c
            GemmPanelSource normalised = (p0, kc, j0, nc, dst, nr) ->
                    pack(x.data(), image, cIn, plane, k, p0, kc, j0, nc, dst, nr);
            Gemm.sgemm(weights, plane, normalised, 0f, y.data(), n * cOut * plane, plane);
            if (b != null) {
                ChannelPlanes.addBias(y.data(), cOut, plane, n, 0, plane, b);
            }
        }
    }

    /**
     * The convolution of nearest2x(relu(norm(x))) written into y [N, Cout, outH, outW] from x [N, Cin, H, W],
     * arguments as for {@link #forwardInto}, spec applying to the up-sampled [2H, 2W] input. Where the shape
     * does not {@link #fusesUpsampled fuse}, the up-sampled normalised input is written into {@code scratch}
     * ([N, Cin, 2H, 2W]; null: a new tensor) first.
     */
    public static void forwardUpsampledInto(Tensor x, Tensor mean, Tensor var, float eps, Tensor gain, Tensor offset,
                                            Tensor w, Tensor bias, ConvSpec spec, Tensor y, Tensor scratch) {
        ConvGeometry g = checked(x, 2, w, bias, spec, y);
        if (!ConvLowering.takesWinograd(g)) {
            // up-sampled, then normalised in place: per value and per image and channel, so the same values
            Tensor up = scratch == null ? Tensor.zeros(g.images(), g.inChannels(), g.inH(), g.inW()) : scratch;
            Shapes.requireShape("normReluConv scratch", up, g.images(), g.inChannels(), g.inH(), g.inW());
            Upsample.nearest2xInto(x, up);
            NormRelu.forwardInto(up, mean, var, eps, gain, offset, up);
            Conv2d.forward(up, w, bias, spec, y);
            return;
        }
        NormRelu.Coefficients k = NormRelu.coefficients(x, mean, var, eps, gain, offset);
        WinogradConv.forwardNormalised(g, x.data(), k, true, w.data(), bias == null ? null : bias.data(), y.data());
    }

    /** The geometry of the convolution of x up-sampled {@code scale} times, its arguments checked. */
    private static ConvGeometry checked(Tensor x, int scale, Tensor w, Tensor bias, ConvSpec spec, Tensor y) {
        ConvArgs.requireImages("normReluConv weight", w);
        ConvGeometry g = geometry(x, scale, w.dim(0), spec);
        ConvArgs.requireWeight("normReluConv weight", w, g.outChannels(), g.inChannels(), spec);
        ConvArgs.requireBias("normReluConv bias", bias, g.outChannels());
        Shapes.requireShape("normReluConv output", y, g.images(), g.outChannels(), g.outH(), g.outW());
        return g;
    }

    /** The geometry of a convolution with outChannels and spec of x up-sampled {@code scale} times. */
    private static ConvGeometry geometry(Tensor x, int scale, int outChannels, ConvSpec spec) {
        ConvArgs.requireImages("normReluConv input", x);
        return Conv2d.geometry(x.dim(0), x.dim(1), scale * x.dim(2), scale * x.dim(3), outChannels, spec, x,
                "normReluConv input");
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
