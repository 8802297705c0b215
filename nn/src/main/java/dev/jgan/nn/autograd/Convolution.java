package dev.jgan.nn.autograd;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Conv2d;
import dev.jgan.tensor.kernels.ConvSpec;
import dev.jgan.tensor.kernels.ConvTranspose2d;

/** Differentiable 2-D convolutions, NCHW. Each is the other's adjoint, which is what their backwards use. */
public final class Convolution {
    private Convolution() {}

    /** x [N, Cin, H, W], weight [Cout, Cin, kH, kW], bias [Cout] or null. */
    public static Var conv2d(Var x, Var weight, Var bias, ConvSpec spec) {
        Op op = Op.begin("conv2d", x, weight, bias);
        Tensor xv = x.tensor();
        Tensor w = weight.tensor();
        Tensor y = output(op, x.dim(0), w.dim(0), spec.outH(x.dim(2)), spec.outW(x.dim(3)));
        if (y == null) {
            y = Conv2d.forward(xv, w, value(bias), spec);
        } else {
            Conv2d.forward(xv, w, value(bias), spec, y);
        }
        Node dx = x.node();
        Node dw = weight.node();
        Node db = node(bias);
        // y = conv(x, w) + b  =>  dx = convTranspose(dy, w), dw = correlate(x, dy), db = sum over n, h, w of dy
        return op.output(y, dy -> {
            dx.accumulateInto(out -> Conv2d.backwardInput(dy, w, spec, out));
            dw.accumulateInto(out -> Conv2d.backwardWeight(dy, xv, spec, out));
            if (db != null) {
                db.accumulateInto(out -> Conv2d.backwardBias(dy, out));
            }
        }, x, weight, bias);
    }

    /** x [N, Cin, H, W], weight [Cin, Cout, kH, kW], bias [Cout] or null. */
    public static Var convTranspose2d(Var x, Var weight, Var bias, ConvSpec spec, int outputPaddingH, int outputPaddingW) {
        Op op = Op.begin("convTranspose2d", x, weight, bias);
        Tensor xv = x.tensor();
        Tensor w = weight.tensor();
        Tensor y = output(op, x.dim(0), w.dim(1), spec.transposedOutH(x.dim(2), outputPaddingH),
                spec.transposedOutW(x.dim(3), outputPaddingW));
        if (y == null || outputPaddingH >= Math.max(spec.strideH(), spec.dilationH())
                || outputPaddingW >= Math.max(spec.strideW(), spec.dilationW())) {
            y = ConvTranspose2d.forward(xv, w, value(bias), spec, outputPaddingH, outputPaddingW);
        } else {
            ConvTranspose2d.forward(xv, w, value(bias), spec, y);
        }
        Node dx = x.node();
        Node dw = weight.node();
        Node db = node(bias);
        // y = convTranspose(x, w) + b  =>  dx = conv(dy, w), dw = correlate(dy, x), db = sum over n, h, w of dy
        return op.output(y, dy -> {
            dx.accumulateInto(out -> ConvTranspose2d.backwardInput(dy, w, spec, out));
            dw.accumulateInto(out -> ConvTranspose2d.backwardWeight(dy, xv, spec, out));
            if (db != null) {
                db.accumulateInto(out -> Conv2d.backwardBias(dy, out));
            }
        }, x, weight, bias);
    }

    /**
     * The output buffer for an output of that size, or null when the size is not positive
     * (the allocating kernel then reports the bad shapes).
     */
    private static Tensor output(Op op, int images, int channels, int height, int width) {
        if (images < 1 || channels < 1 || height < 1 || width < 1) {
            return null;
        }
        return op.buffer(images, channels, height, width);
    }

    private static Tensor value(Var v) {
        return v == null ? null : v.tensor();
    }

    private static Node node(Var v) {
        return v == null ? null : v.node();
    }
}
