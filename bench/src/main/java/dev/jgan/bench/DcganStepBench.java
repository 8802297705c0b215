package dev.jgan.bench;

import dev.jgan.nn.examples.DcganMnist;
import dev.jgan.tensor.Rng;
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
 * One whole DCGAN-MNIST training step ({@link DcganMnist}: G forward, D on real and detached
 * fakes, backward, Adam on D, then G through D, backward, Adam on G) at batch 128 on fixed
 * real images and latents, with tensors reused from a pool ({@code tensors=pool}) or allocated
 * by every op ({@code tensors=new}). With {@code -prof gc} JMH reports gc.alloc.rate.norm, the
 * bytes one step allocates ({@code bench/run --gc DcganStepBench}). The setup runs a few steps
 * first ({@code warmupSteps}): the first steps take seconds each while the JIT compiles, longer
 * than bench/run's warm-up iterations, and they fill the pool.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 2)
public class DcganStepBench {
    @Param({"128"})
    public int batch;

    /** pool: steps reuse tensors from a BufferPool; new: every op allocates. */
    @Param({"pool", "new"})
    public String tensors;

    @Param({"6"})
    public int warmupSteps;

    private DcganMnist model;
    private Tensor real;
    private Tensor z;

    @Setup
    public void setup() {
        Rng rng = new Rng(1);
        model = new DcganMnist(rng, tensors.equals("pool"));
        real = Tensor.uniform(rng, -1f, 1f, batch, 1, 28, 28);
        z = Tensor.normal(rng, 0f, 1f, batch, DcganMnist.LATENT, 1, 1);
        for (int i = 0; i < warmupSteps; i++) {
            model.step(real, z);
        }
    }

    @Benchmark
    public float[] step() {
        return model.step(real, z);
    }
}
