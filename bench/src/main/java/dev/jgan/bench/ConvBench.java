package dev.jgan.bench;

import dev.jgan.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Convolution kernels on the layers of {@link LayerShapes}: forward, backward to the input and
 * backward to the weight ({@link LayerTensors}: no bias, as in DCGAN; outputs go into preallocated
 * tensors). Thread-scoped state (one JMH thread): a failed run cannot leave its tensors to the next
 * layer when runs share a JVM (bench/run --quick).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ConvBench {
    /** Names from {@link LayerShapes#ALL}, in catalogue order (a test keeps the two equal). */
    @Param({"mnist-g1", "mnist-g2", "mnist-g3", "mnist-d1", "mnist-d2", "mnist-d3",
            "dcgan64-g1", "dcgan64-g2", "dcgan64-g3", "dcgan64-g4", "dcgan64-g5",
            "dcgan64-d1", "dcgan64-d2", "dcgan64-d3", "dcgan64-d4", "dcgan64-d5",
            "biggan-512x16", "biggan-256x32", "biggan-64x128", "biggan-64x256", "biggan-rgb256"})
    public String layer;

    private LayerTensors tensors;

    @Setup
    public void setup() {
        tensors = new LayerTensors(LayerShapes.byName(layer));
    }

    @Benchmark
    public Tensor forward() {
        return tensors.forward();
    }

    @Benchmark
    public Tensor backwardInput() {
        return tensors.backwardInput();
    }

    @Benchmark
    public Tensor backwardWeight() {
        return tensors.backwardWeight();
    }
}
