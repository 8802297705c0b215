package dev.jgan.nn.examples;

import dev.jgan.nn.Allocations;
import dev.jgan.nn.autograd.Profiler;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.Vectors;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Times full training steps of {@link DcganMnist} (batch 128 by default) and reports what
 * each allocates: heap bytes over all threads, and tensor value arrays with
 * -Djgan.countTensors=true. Arguments: [steps] [warm-up steps] [batch] [pool|new] (pool, the
 * default: steps reuse tensors from a {@link dev.jgan.nn.autograd.BufferPool}; new: every op allocates). With
 * -Djgan.profile=true it prints per-op totals of the timed steps. After
 * {@code mvn test-compile -pl nn -am}, from the repository root:
 * <pre>
 * bin/with-jdk25 java --add-modules jdk.incubator.vector -Djgan.countTensors=true \
 *     -cp nn/target/test-classes:nn/target/classes:tensor/target/classes dev.jgan.nn.examples.DcganStepTiming 10 6
 * </pre>
 */
public final class DcganStepTiming {
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private DcganStepTiming() {}

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        boolean pooled = args.length <= 3 || switch (args[3]) {
            case "pool" -> true;
            case "new" -> false;
            default -> throw new IllegalArgumentException("4th argument: pool or new, not " + args[3]);
        };
        Rng rng = new Rng(1);
        DcganMnist model = new DcganMnist(rng, pooled);
        Tensor real = Tensor.uniform(rng, -1f, 1f, batch, 1, 28, 28);
        System.out.println(Vectors.describe() + ", batch " + batch + (pooled ? ", tensors from a pool" : ", new tensors"));
        long total = 0;
        long cpuTotal = 0;
        long optimizerAtWarmup = 0;
        Allocations timedAllocations = new Allocations(0, 0, 0);
        for (int step = 0; step < warmup + steps; step++) {
            if (step == warmup) {
                Profiler.reset();
                optimizerAtWarmup = model.optimizerNanos();
            }
            Tensor z = Tensor.normal(rng, 0f, 1f, batch, DcganMnist.LATENT, 1, 1);
            Allocations before = Allocations.now();
            long cpuStart = PROCESS.getProcessCpuTime();
            long start = System.nanoTime();
            float[] losses = model.step(real, z);
            long elapsed = System.nanoTime() - start;
            long cpu = PROCESS.getProcessCpuTime() - cpuStart;
            Allocations allocated = Allocations.now().minus(before);
            if (step >= warmup) {
                total += elapsed;
                cpuTotal += cpu;
                timedAllocations = timedAllocations.plus(allocated);
            }
            System.out.printf(Locale.ROOT, "step %d: %.1f ms  (D loss %.4f, G loss %.4f)  %s%n",
                    step, elapsed / 1e6, losses[0], losses[1], allocated.describe());
        }
        double perStep = total / 1e6 / steps;
        System.out.printf(Locale.ROOT, "mean of %d timed steps: %.1f ms per step (%.1f ms in the Adam updates), %.1f images/s%n",
                steps, perStep, (model.optimizerNanos() - optimizerAtWarmup) / 1e6 / steps, batch * 1000 / perStep);
        System.out.printf(Locale.ROOT, "per timed step: %.1f ms of CPU over all threads (garbage collection included), %s%n",
                cpuTotal / 1e6 / steps, timedAllocations.per(steps).describe());
        if (Profiler.enabled()) {
            System.out.print(Profiler.report());
            Profiler.reset();
        }
    }
}
