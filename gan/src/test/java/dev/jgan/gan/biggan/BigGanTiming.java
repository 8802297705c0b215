package dev.jgan.gan.biggan;

import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.Vectors;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * Seconds per image of a full-size BigGAN-deep-256 (channel width 128) with random weights:
 * {@code java -Djgan.threads=2 ... dev.jgan.gan.biggan.BigGanTiming [runs] [batch] [model.safetensors]}
 * (the last, optional, also writes the random model as a jgan model file for timing the CLI; add
 * {@code -XX:+UseSerialGC -Xmn64m}, bin/gan's options for biggan, to compare peak RSS). Prints
 * each run's wall-clock and process CPU time (the CPU time is less sensitive to other load on
 * the machine), the bytes allocated on the Java heap per image by all threads, and the output's
 * statistics (to show the activations stayed finite); at the end, the activation buffers the model
 * keeps between calls.
 */
public final class BigGanTiming {
    private BigGanTiming() {}

    public static void main(String[] args) throws IOException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        double truncation = 0.4;
        BigGanConfig config = BigGanConfig.deep256();
        long start = System.nanoTime();
        BigGanWeights weights = RandomBigGan.weights(config, 256);
        if (args.length > 2) {
            BigGanFiles.writeModelFile(weights, Path.of(args[2]));
        }
        BigGanModel model = new BigGanModel(weights);
        System.out.printf("biggan-deep-256 random weights ready in %.1f s; %s%n", (System.nanoTime() - start) / 1e9,
                Vectors.describe());
        Rng rng = new Rng(7);
        Tensor z = Tensor.normal(rng, 0f, (float) truncation, batch, config.zDim());
        Tensor classes = Tensor.zeros(batch, config.numClasses());
        for (int i = 0; i < batch; i++) {
            classes.set(1f, i, (i * 97 + 1) % config.numClasses());
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            long cpu0 = os.getProcessCpuTime();
            long allocated0 = threads.getTotalThreadAllocatedBytes();
            Tensor images = model.generate(z, classes, truncation);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
            double allocatedMiB = (threads.getTotalThreadAllocatedBytes() - allocated0) / (1024.0 * 1024.0);
            System.out.printf("run %d: %.2f s for %d image(s), %.2f s per image (%.2f CPU s per image), %.1f MiB allocated"
                    + " per image; %s%n", r + 1, seconds, batch, seconds / batch, cpuSeconds / batch, allocatedMiB / batch,
                    summary(images));
        }
        System.out.printf("activation buffers kept between calls: %.1f MiB%n", model.workspaceBytes() / (1024.0 * 1024.0));
    }

    private static String summary(Tensor images) {
        int finite = 0, saturated = 0;
        double sumAbs = 0;
        for (float v : images.data()) {
            if (Float.isFinite(v)) {
                finite++;
                sumAbs += Math.abs(v);
                saturated += Math.abs(v) > 0.99f ? 1 : 0;
            }
        }
        return String.format("output %s: %d non-finite, mean |x| %.3f, %.1f%% with |x| > 0.99", images.shapeString(),
                images.size() - finite, sumAbs / Math.max(1, finite), 100.0 * saturated / images.size());
    }
}
