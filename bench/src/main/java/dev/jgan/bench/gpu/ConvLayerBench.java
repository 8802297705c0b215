package dev.jgan.bench.gpu;

import dev.jgan.bench.LayerShape;
import dev.jgan.bench.LayerShape.Kind;
import dev.jgan.cuda.CudaContext;
import dev.jgan.cuda.CudaConv2d;
import dev.jgan.cuda.CudaConvTranspose2d;
import dev.jgan.cuda.ConvTiles;
import dev.jgan.cuda.DeviceTensor;
import dev.jgan.cuda.Precision;
import dev.jgan.tensor.kernels.ConvSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Times the three passes of one convolution layer of {@link dev.jgan.bench.LayerShapes} at a given
 * batch, in each precision, with {@link CudaConv2d} or {@link CudaConvTranspose2d} on a choice of tiles. No bias, as in the
 * CPU ConvBench. Inputs are constant fills (the kernels' speed does not depend on the values).
 */
final class ConvLayerBench {
    static final String NARROW_NOTE = "ran the narrow float32 kernel (at most 4 channels)";
    /** Largest tensor jgan indexes (Shapes.size's limit). */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 16;

    /** The suffix of a row's name when the layer ran on {@link ConvTiles#SMALL} tiles (no PyTorch row to pair). */
    static final String SMALL_TILES_SUFFIX = " 64x64-tiles";

    private final CudaContext context;
    private final ConvTiles tiles;
    private final CudaConv2d conv;
    private final CudaConvTranspose2d convT;

    ConvLayerBench(CudaContext context, ConvTiles tiles) {
        this.context = context;
        this.tiles = tiles;
        this.conv = new CudaConv2d(context, tiles);
        this.convT = new CudaConvTranspose2d(context, tiles);
    }

    /** One row per pass and precision (a row that says why when a case cannot run). */
    List<GpuBenchRow> run(LayerShape catalogued, int batch, List<Precision> precisions, Timing.Settings settings) {
        LayerShape layer = atBatch(catalogued, batch, tiles == ConvTiles.SMALL ? SMALL_TILES_SUFFIX : "");
        int[] xShape = {batch, layer.cin(), layer.h(), layer.w()};
        int[] yShape = {batch, layer.cout(), layer.outH(), layer.outW()};
        int[] wShape = layer.kind() == Kind.CONV
                ? new int[] {layer.cout(), layer.cin(), layer.k(), layer.k()}
                : new int[] {layer.cin(), layer.cout(), layer.k(), layer.k()};
        List<GpuBenchRow> rows = new ArrayList<>();
        if (elements(xShape) > MAX_ELEMENTS || elements(yShape) > MAX_ELEMENTS) {
            for (ConvPass pass : ConvPass.values()) {
                for (Precision precision : precisions) {
                    rows.add(GpuBenchRow.notRun("jgan", layer.name(), batch, pass.label(), precision.name(),
                            "not run: a tensor has more than 2^31 elements"));
                }
            }
            return rows;
        }
        double flop = 2.0 * layer.macs();
        try (DeviceTensor x = filled(0.5f, xShape); DeviceTensor w = filled(0.01f, wShape);
             DeviceTensor y = filled(0f, yShape); DeviceTensor dy = filled(0.25f, yShape);
             DeviceTensor dx = filled(0f, xShape); DeviceTensor dw = filled(0f, wShape)) {
            for (ConvPass pass : ConvPass.values()) {
                for (Precision precision : precisions) {
                    Runnable call = call(layer, pass, precision, x, w, y, dy, dx, dw);
                    rows.add(timed(layer.name(), batch, pass, precision, call, flop, note(layer, pass, precision),
                            settings));
                }
            }
        }
        return rows;
    }

    /** The catalogued layer at another batch size, its name followed by {@code suffix}. */
    static LayerShape atBatch(LayerShape l, int batch, String suffix) {
        return new LayerShape(l.name() + suffix, l.kind(), batch, l.cin(), l.cout(), l.h(), l.w(), l.k(), l.s(),
                l.p());
    }

    /** Why a TF32 row ran float32: the pass's GEMM has at most CudaConv2d.FLOAT32_CHANNELS rows. */
    static String note(LayerShape layer, ConvPass pass, Precision precision) {
        // the GEMM's rows: output channels for the forward, input channels for the input gradient (both kinds)
        int rows = switch (pass) {
            case FORWARD -> layer.cout();
            case BACKWARD_INPUT -> layer.cin();
            case BACKWARD_WEIGHT -> Integer.MAX_VALUE;
        };
        return precision == Precision.TF32 && rows <= CudaConv2d.FLOAT32_CHANNELS ? NARROW_NOTE : "";
    }

    private GpuBenchRow timed(String name, int batch, ConvPass pass, Precision precision, Runnable call, double flop,
                              String note, Timing.Settings settings) {
        try {
            Timing t = Timing.measure(call, context::synchronize, settings);
            return new GpuBenchRow("jgan", name, batch, pass.label(), precision.name(), t.medianMs(), t.minMs(),
                    flop / (t.medianMs() * 1e9), note);
        } catch (RuntimeException e) {
            return GpuBenchRow.notRun("jgan", name, batch, pass.label(), precision.name(), "failed: " + e.getMessage());
        }
    }

    private Runnable call(LayerShape layer, ConvPass pass, Precision precision, DeviceTensor x, DeviceTensor w,
                          DeviceTensor y, DeviceTensor dy, DeviceTensor dx, DeviceTensor dw) {
        ConvSpec spec = layer.spec();
        if (layer.kind() == Kind.CONV) {
            return switch (pass) {
                case FORWARD -> () -> conv.forward(x, w, null, spec, y, precision);
                case BACKWARD_INPUT -> () -> conv.backwardInput(dy, w, spec, dx, precision);
                case BACKWARD_WEIGHT -> () -> conv.backwardWeight(dy, x, spec, dw, precision);
            };
        }
        return switch (pass) {
            case FORWARD -> () -> convT.forward(x, w, null, spec, y, precision);
            case BACKWARD_INPUT -> () -> convT.backwardInput(dy, w, spec, dx, precision);
            case BACKWARD_WEIGHT -> () -> convT.backwardWeight(dy, x, spec, dw, precision);
        };
    }

    private DeviceTensor filled(float value, int... shape) {
        DeviceTensor t = DeviceTensor.allocate(context, shape);
        t.fill(value);
        return t;
    }

    private static long elements(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
