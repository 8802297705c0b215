package dev.jgan.bench;

import dev.jgan.tensor.Rng;
import dev.jgan.tensor.kernels.Gemm;
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

/** {@link Gemm#sgemm} on square row-major matrices, C = A B: 2 size^3 FLOP per call. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmBench {
    @Param({"512", "1024", "2048"})
    public int size;

    private float[] a;
    private float[] b;
    private float[] c;

    @Setup
    public void setup() {
        Rng rng = new Rng(42);
        a = random(rng, size * size);
        b = random(rng, size * size);
        c = new float[size * size];
    }

    @Benchmark
    public float[] sgemm() {
        Gemm.sgemm(false, false, size, size, size, 1f, a, 0, size, b, 0, size, 0f, c, 0, size);
        return c;
    }

    private static float[] random(Rng rng, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = rng.nextFloat() - 0.5f;
        }
        return values;
    }
}
