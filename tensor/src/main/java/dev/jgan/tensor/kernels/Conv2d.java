package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;

/**
 * 2-D convolution (cross-correlation, as PyTorch), NCHW, groups = 1.
 * x [N, Cin, H, W], w [Cout, Cin, kH, kW], bias [Cout] or null, y [N, Cout, outH, outW].
 * Lowered to {@link Gemm#sgemm} over bounded blocks of im2col columns.
 */
public final class Conv2d {
    private Conv2d() {}

    public static Tensor forward(Tensor x, Tensor w, Tensor bias, ConvSpec spec) {
        ConvArgs.requireImages("Conv2d input", x);
        ConvArgs.requireImages("Conv2d weight", w);
        ConvArgs.requireWindowFits("Conv2d input", x, x.dim(2), x.dim(3), spec);
        Tensor y = Tensor.zeros(x.dim(0), w.dim(0), spec.outH(x.dim(2)), spec.outW(x.dim(3)));
        forward(x, w, bias, spec, y);
        return y;
    }

    /** Writes y into {@code out} (overwriting it). */
    public static void forward(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor out) {
        ConvArgs.requireImages("Conv2d input", x);
        ConvArgs.requireImages("Conv2d weight", w);
        ConvGeometry g = geometry(x.dim(0), x.dim(1), x.dim(2), x.dim(3), w.dim(0), spec, x, "Conv2d input");
        ConvArgs.requireWeight("Conv2d weight", w, g.outChannels(), g.inChannels(), spec);
        ConvArgs.requireBias("Conv2d bias", bias, g.outChannels());
        ConvArgs.requireImages("Conv2d output", out);
        Shapes.requireShape("Conv2d output", out, g.images(), g.outChannels(), g.outH(), g.outW());
        ConvLowering.forward(g, x.data(), w.data(), bias == null ? null : bias.data(), out.data());
    }

    /** dx [N, Cin, inH, inW] from dy [N, Cout, outH, outW]. */
    public static Tensor backwardInput(Tensor dy, Tensor w, ConvSpec spec, int inH, int inW) {
        ConvArgs.requireImages("Conv2d output gradient", dy);
        ConvArgs.requireImages("Conv2d weight", w);
        Tensor dx = Tensor.zeros(dy.dim(0), w.dim(1), inH, inW);
        backwardInput(dy, w, spec, dx);
        return dx;
    }

    /** Writes dx into {@code dx} (overwriting it); dx's shape gives the input size. */
    public static void backwardInput(Tensor dy, Tensor w, ConvSpec spec, Tensor dx) {
        // y = W col(x)  =>  dx = col2im(W^T dy)
        ConvArgs.requireImages("Conv2d input gradient", dx);
        ConvArgs.requireImages("Conv2d output gradient", dy);
        ConvArgs.requireImages("Conv2d weight", w);
        ConvGeometry g = geometry(dx.dim(0), dx.dim(1), dx.dim(2), dx.dim(3), dy.dim(1), spec, dx,
                "Conv2d input gradient");
        ConvArgs.requireWeight("Conv2d weight", w, g.outChannels(), g.inChannels(), spec);
        Shapes.requireShape("Conv2d output gradient", dy, g.images(), g.outChannels(), g.outH(), g.outW());
        ConvLowering.backwardInput(g, dy.data(), w.data(), null, dx.data());
    }

    /** dw [Cout, Cin, kH, kW] from dy and the forward input x. */
    public static Tensor backwardWeight(Tensor dy, Tensor x, ConvSpec spec) {
        ConvArgs.requireImages("Conv2d output gradient", dy);
        ConvArgs.requireImages("Conv2d input", x);
        Tensor dw = Tensor.zeros(dy.dim(1), x.dim(1), spec.kernelH(), spec.kernelW());
        backwardWeight(dy, x, spec, dw);
        return dw;
    }

    /** Writes dw into {@code dw} (overwriting it). */
    public static void backwardWeight(Tensor dy, Tensor x, ConvSpec spec, Tensor dw) {
        // y = W col(x)  =>  dW = sum over images of dy col(x)^T
        ConvArgs.requireImages("Conv2d input", x);
        ConvArgs.requireImages("Conv2d output gradient", dy);
        ConvGeometry g = geometry(x.dim(0), x.dim(1), x.dim(2), x.dim(3), dy.dim(1), spec, x, "Conv2d input");
        Shapes.requireShape("Conv2d output gradient", dy, g.images(), g.outChannels(), g.outH(), g.outW());
        ConvArgs.requireWeight("Conv2d weight gradient", dw, g.outChannels(), g.inChannels(), spec);
        ConvLowering.backwardWeight(g, dy.data(), x.data(), dw.data());
    }

    /** dbias [Cout]: dy summed over N, H, W. */
    public static Tensor backwardBias(Tensor dy) {
        // y = W col(x) + b  =>  db = sum over n, h, w of dy
        ConvArgs.requireImages("Conv2d output gradient", dy);
        Tensor db = Tensor.zeros(dy.dim(1));
        backwardBias(dy, db);
        return db;
    }

    /** Writes dbias into {@code db} (overwriting it). */
    public static void backwardBias(Tensor dy, Tensor db) {
        ConvArgs.requireImages("Conv2d output gradient", dy);
        Shapes.requireShape("Conv2d bias gradient", db, dy.dim(1));
        ConvLowering.backwardBias(dy.data(), dy.dim(0), dy.dim(1), dy.dim(2) * dy.dim(3), db.data());
    }

    static ConvGeometry geometry(int images, int inChannels, int inH, int inW, int outChannels,
                                         ConvSpec spec, Tensor input, String inputName) {
        ConvArgs.requireWindowFits(inputName, input, inH, inW, spec);
        return new ConvGeometry(images, inChannels, inH, inW, outChannels, spec.outH(inH), spec.outW(inW), spec);
    }
}
