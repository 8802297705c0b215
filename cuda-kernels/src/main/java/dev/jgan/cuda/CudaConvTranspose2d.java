package dev.jgan.cuda;

import static dev.jgan.cuda.DeviceShapes.requireRank;
import static dev.jgan.cuda.DeviceShapes.requireShape;

import dev.jgan.tensor.kernels.ConvSpec;

/**
 * Transposed 2-D convolution on the GPU with the semantics and shapes of
 * {@link dev.jgan.tensor.kernels.ConvTranspose2d}: x [N, Cin, H, W], w [Cin, Cout, kH, kW],
 * bias [Cout] or null, y [N, Cout, (H-1)s - 2p + d(k-1) + outputPadding + 1, ...].
 * It is the adjoint of {@link CudaConv2d} and runs on the same kernels: its forward is the
 * convolution's backward to the input, its backward to the input the convolution's forward.
 */
public final class CudaConvTranspose2d {
    private final CudaContext context;
    private final ConvLaunches launches;

    public CudaConvTranspose2d(CudaContext context) {
        this(context, ConvTiles.AUTOMATIC);
    }

    /** With a choice of block tiles (the default is {@link ConvTiles#AUTOMATIC}). */
    public CudaConvTranspose2d(CudaContext context, ConvTiles tiles) {
        this.context = context;
        this.launches = new ConvLaunches(context, tiles);
    }

    /** A new y with the output size given by the spec and the output padding. */
    public DeviceTensor forward(DeviceTensor x, DeviceTensor w, DeviceTensor bias, ConvSpec spec,
                                int outputPaddingH, int outputPaddingW, Precision precision) {
        requireRank("x", x, 4);
        requireRank("w", w, 4);
        DeviceTensor y = DeviceTensor.allocate(context, x.dim(0), w.dim(1),
                spec.transposedOutH(x.dim(2), outputPaddingH), spec.transposedOutW(x.dim(3), outputPaddingW));
        forward(x, w, bias, spec, y, precision);
        return y;
    }

    /** Writes y (overwriting it); out's shape gives the output size. */
    public void forward(DeviceTensor x, DeviceTensor w, DeviceTensor bias, ConvSpec spec, DeviceTensor out,
                        Precision precision) {
        ConvShape shape = shapeOf(x, "x", w, "w", spec, out, "out");
        if (bias != null) {
            requireShape("bias", bias, shape.inC());
        }
        launches.backwardData(shape, x, w, bias, out, precision);
    }

    /** Writes dx [N, Cin, H, W] (overwriting it) from dy [N, Cout, outH, outW]. */
    public void backwardInput(DeviceTensor dy, DeviceTensor w, ConvSpec spec, DeviceTensor dx, Precision precision) {
        // y = convT(x, w) = conv^T(x, w)  =>  dx = conv(dy, w)
        ConvShape shape = shapeOf(dx, "dx", w, "w", spec, dy, "dy");
        launches.forward(shape, dy, w, null, dx, precision);
    }

    /** Writes dw [Cin, Cout, kH, kW] (overwriting it) from dy and the forward input x. */
    public void backwardWeight(DeviceTensor dy, DeviceTensor x, ConvSpec spec, DeviceTensor dw, Precision precision) {
        // y = conv^T(x, w)  =>  dw[ci][co][kh][kw] = sum_{b,ih,iw} x[b][ci][ih][iw] dy[b][co][ih*s - p + kh*d][iw*s - p + kw*d]
        ConvShape shape = shapeOf(x, "x", dw, "dw", spec, dy, "dy");
        launches.backwardWeight(shape, x, dy, dw, precision);
    }

    /**
     * The convolution this one transposes, from the transposed input x [N, Cin, H, W], weight
     * [Cin, Cout, kH, kW] and transposed output {@code y} [N, Cout, outH, outW].
     */
    private static ConvShape shapeOf(DeviceTensor x, String xName, DeviceTensor w, String wName, ConvSpec spec,
                                     DeviceTensor y, String yName) {
        requireRank(xName, x, 4);
        requireRank(wName, w, 4);
        requireRank(yName, y, 4);
        requireShape(wName, w, x.dim(1), w.dim(1), spec.kernelH(), spec.kernelW());
        requireShape(yName, y, x.dim(0), w.dim(1), y.dim(2), y.dim(3));
        return ConvShape.transposed(x.dim(0), x.dim(1), x.dim(2), x.dim(3), w.dim(1), y.dim(2), y.dim(3), spec);
    }
}
