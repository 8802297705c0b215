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
        Op op = Op.begin("conv2d");
        Tensor xv = x.value();
        Tensor w = weight.value();
        Tensor y = Conv2d.forward(xv, w, value(bias), spec);
        int height = x.dim(2);
        int width = x.dim(3);
        Node dx = x.node();
        Node dw = weight.node();
        Node db = node(bias);
        // y = conv(x, w) + b  =>  dx = convTranspose(dy, w), dw = correlate(x, dy), db = sum over n, h, w of dy
        return op.output(y, dy -> {
            dx.accumulate(() -> Conv2d.backwardInput(dy, w, spec, height, width));
            dw.accumulate(() -> Conv2d.backwardWeight(dy, xv, spec));
            if (db != null) {
                db.accumulate(() -> Conv2d.backwardBias(dy));
            }
        }, x, weight, bias);
    }

    /** x [N, Cin, H, W], weight [Cin, Cout, kH, kW], bias [Cout] or null. */
    public static Var convTranspose2d(Var x, Var weight, Var bias, ConvSpec spec, int outputPaddingH, int outputPaddingW) {
        Op op = Op.begin("convTranspose2d");
        Tensor xv = x.value();
        Tensor w = weight.value();
        Tensor y = ConvTranspose2d.forward(xv, w, value(bias), spec, outputPaddingH, outputPaddingW);
        Node dx = x.node();
        Node dw = weight.node();
        Node db = node(bias);
        // y = convTranspose(x, w) + b  =>  dx = conv(dy, w), dw = correlate(dy, x), db = sum over n, h, w of dy
        return op.output(y, dy -> {
            dx.accumulate(() -> ConvTranspose2d.backwardInput(dy, w, spec));
            dw.accumulate(() -> ConvTranspose2d.backwardWeight(dy, xv, spec));
            if (db != null) {
                db.accumulate(() -> Conv2d.backwardBias(dy));
            }
        }, x, weight, bias);
    }

    private static Tensor value(Var v) {
        return v == null ? null : v.value();
    }

    private static Node node(Var v) {
        return v == null ? null : v.node();
    }
}
