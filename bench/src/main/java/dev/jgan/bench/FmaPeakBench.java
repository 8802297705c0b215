package dev.jgan.bench;

import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The machine's fused multiply-add peak as the Vector API reaches it: {@link #CHAINS} independent
 * accumulator chains (enough to cover FMA latency times the FMA ports, few enough not to spill),
 * run on every pool thread at once through {@link Parallel}, so a run with {@code -Djgan.threads=1}
 * measures one core and the default measures them all. FLOP per call: {@link #flopsPerCall}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FmaPeakBench {
    /** Independent accumulators: 10 covers 2 FMA ports x 4-5 cycles latency within 16 registers. */
    public static final int CHAINS = 10;
    /**
     * Loop trips per thread and call: about 3 ms of work, so that waking the pool's threads (tens of
     * microseconds) does not count against the multi-threaded figure.
     */
    public static final int ITERATIONS = 1 << 20;

    private final float multiplier = 0.99999f;
    private final float addend = 1e-6f;
    private float[] sinks;

    /** Floating-point operations one benchmark call performs: 2 per lane per FMA. */
    public static double flopsPerCall(int lanes, int threads) {
        return 2.0 * lanes * CHAINS * ITERATIONS * threads;
    }

    /**
     * A quick probe outside JMH: the best GFLOP/s over {@code calls} calls of {@link #peak} on all
     * pool threads (best, not median: the peak is what the machine reaches when nothing else runs).
     */
    public static double probeGflops(int calls) {
        FmaPeakBench bench = new FmaPeakBench();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            bench.peak();
            best = Math.min(best, System.nanoTime() - start);
        }
        return flopsPerCall(Vectors.FLOAT.length(), Parallel.threads()) / best;
    }

    @Benchmark
    public float peak() {
        int threads = Parallel.threads();
        if (sinks == null) {
            sinks = new float[threads];
        }
        Parallel.forRange(threads, 1, (start, end) -> {
            for (int t = start; t < end; t++) {
                sinks[t] = chains(multiplier, addend, ITERATIONS);
            }
        });
        float sum = 0f;
        for (float s : sinks) {
            sum += s;
        }
        return sum;
    }

    /** acc = acc * m + a on {@link #CHAINS} vectors; converges to a / (1 - m), so no overflow or denormals. */
    static float chains(float m, float a, int iterations) {
        FloatVector mul = FloatVector.broadcast(Vectors.FLOAT, m);
        FloatVector add = FloatVector.broadcast(Vectors.FLOAT, a);
        FloatVector c0 = FloatVector.broadcast(Vectors.FLOAT, 0.0f);
        FloatVector c1 = FloatVector.broadcast(Vectors.FLOAT, 0.1f);
        FloatVector c2 = FloatVector.broadcast(Vectors.FLOAT, 0.2f);
        FloatVector c3 = FloatVector.broadcast(Vectors.FLOAT, 0.3f);
        FloatVector c4 = FloatVector.broadcast(Vectors.FLOAT, 0.4f);
        FloatVector c5 = FloatVector.broadcast(Vectors.FLOAT, 0.5f);
        FloatVector c6 = FloatVector.broadcast(Vectors.FLOAT, 0.6f);
        FloatVector c7 = FloatVector.broadcast(Vectors.FLOAT, 0.7f);
        FloatVector c8 = FloatVector.broadcast(Vectors.FLOAT, 0.8f);
        FloatVector c9 = FloatVector.broadcast(Vectors.FLOAT, 0.9f);
        for (int i = 0; i < iterations; i++) {
            c0 = c0.fma(mul, add);
            c1 = c1.fma(mul, add);
            c2 = c2.fma(mul, add);
            c3 = c3.fma(mul, add);
            c4 = c4.fma(mul, add);
            c5 = c5.fma(mul, add);
            c6 = c6.fma(mul, add);
            c7 = c7.fma(mul, add);
            c8 = c8.fma(mul, add);
            c9 = c9.fma(mul, add);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9)
                .reduceLanes(VectorOperators.ADD);
    }
}
