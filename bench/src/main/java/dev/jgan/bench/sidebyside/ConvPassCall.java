package dev.jgan.bench.sidebyside;

import dev.jgan.bench.LayerShapes;
import dev.jgan.bench.LayerTensors;
import dev.jgan.bench.gpu.ConvPass;
import java.util.function.DoubleSupplier;

/**
 * One pass of one layer of {@link LayerShapes} on the benchmarks' tensors ({@link LayerTensors}):
 * each {@link #getAsDouble} runs it once and returns the milliseconds it took.
 * {@link IsolatedBuild} loads this class once per build, so each build runs its own kernels.
 */
public final class ConvPassCall implements DoubleSupplier {
    private final Runnable pass;

    public ConvPassCall(String layer, String passName) {
        LayerTensors tensors = new LayerTensors(LayerShapes.byName(layer));
        pass = switch (ConvPass.ofLabel(passName)) {
            case FORWARD -> tensors::forward;
            case BACKWARD_INPUT -> tensors::backwardInput;
            case BACKWARD_WEIGHT -> tensors::backwardWeight;
        };
    }

    @Override
    public double getAsDouble() {
        long start = System.nanoTime();
        pass.run();
        return (System.nanoTime() - start) / 1e6;
    }
}
