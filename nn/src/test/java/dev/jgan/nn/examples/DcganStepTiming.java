package dev.jgan.nn.examples;

import dev.jgan.nn.Allocations;
import dev.jgan.nn.autograd.Profiler;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.Vectors;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times full training steps of {@link DcganMnist} (batch 128 by default) and reports what
 * each allocates: heap bytes over all threads, and tensor value arrays with
 * -Djgan.countTensors=true. Arguments: [steps] [warm-up steps] [batch] [pool|new|both] (pool, the
 * default: steps reuse tensors from a {@link dev.jgan.nn.autograd.BufferPool}; new: every op allocates;
 * both: two identical models take the same steps in turn, one of each kind, a fair comparison on a
 * busy machine, and their losses must agree bit for bit). With
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

    /** One model's steps and their totals over the timed steps. */
    private static final class Run {
        final String name;
        final DcganMnist model;
        long wall;
        long cpu;
        long optimizerAtWarmup;
        Allocations allocated = new Allocations(0, 0, 0);

        Run(String name, DcganMnist model) {
            this.name = name;
            this.model = model;
        }

        float[] step(int step, int warmup, Tensor real, Tensor z) {
            if (step == warmup) {
                optimizerAtWarmup = model.optimizerNanos();
            }
            Allocations before = Allocations.now();
            long cpuStart = PROCESS.getProcessCpuTime();
            long start = System.nanoTime();
            float[] losses = model.step(real, z);
            long elapsed = System.nanoTime() - start;
            long cpuUsed = PROCESS.getProcessCpuTime() - cpuStart;
            Allocations stepAllocations = Allocations.now().minus(before);
            if (step >= warmup) {
                wall += elapsed;
                cpu += cpuUsed;
                allocated = allocated.plus(stepAllocations);
            }
            System.out.printf(Locale.ROOT, "step %d%s: %.1f ms  (D loss %.4f, G loss %.4f)  %s%n", step, name,
                    elapsed / 1e6, losses[0], losses[1], stepAllocations.describe());
            return losses;
        }

        void report(int steps, int batch) {
            double perStep = wall / 1e6 / steps;
            System.out.printf(Locale.ROOT, "%smean of %d timed steps: %.1f ms per step (%.1f ms in the Adam updates),"
                    + " %.1f images/s%n", name.isEmpty() ? "" : name.strip() + ": ", steps, perStep,
                    (model.optimizerNanos() - optimizerAtWarmup) / 1e6 / steps, batch * 1000 / perStep);
            System.out.printf(Locale.ROOT, "%sper timed step: %.1f ms of CPU over all threads (garbage collection"
                    + " included), %s%n", name.isEmpty() ? "" : name.strip() + ": ", cpu / 1e6 / steps,
                    allocated.per(steps).describe());
        }
    }

    private DcganStepTiming() {}

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        String mode = args.length > 3 ? args[3] : "pool";
        if (!mode.equals("pool") && !mode.equals("new") && !mode.equals("both")) {
            throw new IllegalArgumentException("4th argument: pool, new or both, not " + mode);
        }
        Rng rng = new Rng(1);
        List<Run> runs = new ArrayList<>();
        if (mode.equals("both")) {
            runs.add(new Run(" pool", new DcganMnist(new Rng(1), true)));
            runs.add(new Run(" new", new DcganMnist(rng, false)));
        } else {
            runs.add(new Run("", new DcganMnist(rng, mode.equals("pool"))));
        }
        Tensor real = Tensor.uniform(rng, -1f, 1f, batch, 1, 28, 28);
        System.out.println(Vectors.describe() + ", batch " + batch + switch (mode) {
            case "pool" -> ", tensors from a pool";
            case "new" -> ", new tensors";
            default -> ", the same steps with tensors from a pool and with new tensors, in turn";
        });
        for (int step = 0; step < warmup + steps; step++) {
            if (step == warmup) {
                Profiler.reset();
            }
            Tensor z = Tensor.normal(rng, 0f, 1f, batch, DcganMnist.LATENT, 1, 1);
            float[] first = null;
            for (int i = 0; i < runs.size(); i++) {
                // alternate which model goes first, so neither always runs right after the other's garbage
                float[] losses = runs.get((i + step) % runs.size()).step(step, warmup, real, z);
                if (first != null && !Arrays.equals(first, losses)) {
                    throw new IllegalStateException("step " + step + ": the losses with and without a pool differ");
                }
                first = losses;
            }
        }
        runs.forEach(run -> run.report(steps, batch));
        if (Profiler.enabled()) {
            System.out.print(Profiler.report());
            Profiler.reset();
        }
    }
}
