package dev.jgan.cuda;

import static dev.jgan.cuda.DeviceShapes.requireRank;
import static dev.jgan.cuda.DeviceShapes.requireShape;

import dev.jgan.tensor.kernels.ConvSpec;

/**
 * 2-D convolution on the GPU with the semantics and shapes of
 * {@link dev.jgan.tensor.kernels.Conv2d}: NCHW, groups = 1, x [N, Cin, H, W],
 * w [Cout, Cin, kH, kW], bias [Cout] or null, y [N, Cout, outH, outW].
 * Every method queues work on the context's stream and returns without waiting.
 */
public final class CudaConv2d {
    /**
     * A forward pass to at most this many output channels, or an input gradient from at most this many
     * input channels, runs the narrow float32 kernels in either {@link Precision} (likewise a transposed
     * convolution's forward to, and input gradient from, that few channels).
     */
    public static final int FLOAT32_CHANNELS = LaunchGeometry.NARROW_CONV_ROWS;

    private final CudaContext context;
    private final ConvLaunches launches;
    private final CudaElementwise elementwise;

    public CudaConv2d(CudaContext context) {
        this(context, ConvTiles.AUTOMATIC);
    }

    /** With a choice of block tiles (the default is {@link ConvTiles#AUTOMATIC}). */
    public CudaConv2d(CudaContext context, ConvTiles tiles) {
        this.context = context;
        this.launches = new ConvLaunches(context, tiles);
        this.elementwise = new CudaElementwise(context);
    }

    /** A new y = conv(x, w) + bias. */
    public DeviceTensor forward(DeviceTensor x, DeviceTensor w, DeviceTensor bias, ConvSpec spec, Precision precision) {
        ConvShape shape = shapeOf(x, w, spec);
        DeviceTensor y = DeviceTensor.allocate(context, shape.outputShape());
        forward(x, w, bias, spec, y, precision);
        return y;
    }

    /** Writes y = conv(x, w) + bias into {@code out} (overwriting it). */
    public void forward(DeviceTensor x, DeviceTensor w, DeviceTensor bias, ConvSpec spec, DeviceTensor out,
                        Precision precision) {
        ConvShape shape = shapeOf(x, w, spec);
        if (bias != null) {
            requireShape("bias", bias, shape.outC());
        }
        requireShape("out", out, shape.outputShape());
        launches.forward(shape, x, w, bias, out, precision);
    }

    /** Writes dx [N, Cin, inH, inW] (overwriting it) from dy; dx's shape gives the input size. */
    public void backwardInput(DeviceTensor dy, DeviceTensor w, ConvSpec spec, DeviceTensor dx, Precision precision) {
        // y = conv(x, w)  =>  dx[b][c][ih][iw] = sum_{o,kh,kw : ih = oh*s - p + kh*d} w[o][c][kh][kw] dy[b][o][oh][ow]
        requireRank("dx", dx, 4);
        ConvShape shape = shapeOf(dx, w, spec);
        requireShape("dy", dy, shape.outputShape());
        launches.backwardData(shape, dy, w, null, dx, precision);
    }

    /** Writes dw [Cout, Cin, kH, kW] (overwriting it) from dy and the forward input x. */
    public void backwardWeight(DeviceTensor dy, DeviceTensor x, ConvSpec spec, DeviceTensor dw, Precision precision) {
        // y = conv(x, w)  =>  dw[o][c][kh][kw] = sum_{b,oh,ow} dy[b][o][oh][ow] x[b][c][oh*s - p + kh*d][ow*s - p + kw*d]
        requireRank("x", x, 4);
        requireRank("dy", dy, 4);
        ConvShape shape = ConvShape.of(x.dim(0), x.dim(1), x.dim(2), x.dim(3), dy.dim(1), spec);
        requireShape("dy", dy, shape.outputShape());
        requireShape("dw", dw, shape.weightShape());
        launches.backwardWeight(shape, dy, x, dw, precision);
    }

    /** Writes dbias [Cout] (overwriting it): dy summed over N, H, W. */
    public void backwardBias(DeviceTensor dy, DeviceTensor dbias) {
        // y = conv(x, w) + bias  =>  dbias[o] = sum_{b,oh,ow} dy[b][o][oh][ow]
        elementwise.channelSum(dy, dbias);
    }

    private static ConvShape shapeOf(DeviceTensor x, DeviceTensor w, ConvSpec spec) {
        requireRank("x", x, 4);
        requireRank("w", w, 4);
        requireShape("w", w, w.dim(0), x.dim(1), spec.kernelH(), spec.kernelW());
        return ConvShape.of(x.dim(0), x.dim(1), x.dim(2), x.dim(3), w.dim(0), spec);
    }
}
