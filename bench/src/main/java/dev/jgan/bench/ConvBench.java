package dev.jgan.bench;

import dev.jgan.bench.LayerShape.Kind;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Conv2d;
import dev.jgan.tensor.kernels.ConvSpec;
import dev.jgan.tensor.kernels.ConvTranspose2d;
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
 * backward to the weight, of {@link Conv2d} for conv layers and of {@link ConvTranspose2d} for
 * transposed ones. No bias (as in DCGAN); outputs go into preallocated tensors.
 * Thread-scoped state (one JMH thread): a failed run cannot leave its tensors to the next
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

    private boolean transposed;
    private ConvSpec spec;
    private Tensor x;
    private Tensor w;
    private Tensor y;
    private Tensor dy;
    private Tensor dx;
    private Tensor dw;

    @Setup
    public void setup() {
        LayerShape shape = LayerShapes.byName(layer);
        transposed = shape.kind() == Kind.CONV_T;
        spec = shape.spec();
        int[] weightShape = transposed
                ? new int[] {shape.cin(), shape.cout(), shape.k(), shape.k()}
                : new int[] {shape.cout(), shape.cin(), shape.k(), shape.k()};
        x = Tensor.normal(1, 0f, 1f, shape.n(), shape.cin(), shape.h(), shape.w());
        w = Tensor.normal(2, 0f, 0.05f, weightShape);
        dy = Tensor.normal(3, 0f, 1f, shape.n(), shape.cout(), shape.outH(), shape.outW());
        y = Tensor.zeros(dy.shape());
        dx = Tensor.zeros(x.shape());
        dw = Tensor.zeros(weightShape);
    }

    @Benchmark
    public Tensor forward() {
        if (transposed) {
            ConvTranspose2d.forward(x, w, null, spec, y);
        } else {
            Conv2d.forward(x, w, null, spec, y);
        }
        return y;
    }

    @Benchmark
    public Tensor backwardInput() {
        if (transposed) {
            ConvTranspose2d.backwardInput(dy, w, spec, dx);
        } else {
            Conv2d.backwardInput(dy, w, spec, dx);
        }
        return dx;
    }

    @Benchmark
    public Tensor backwardWeight() {
        if (transposed) {
            ConvTranspose2d.backwardWeight(dy, x, spec, dw);
        } else {
            Conv2d.backwardWeight(dy, x, spec, dw);
        }
        return dw;
    }
}
