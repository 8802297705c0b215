package dev.jgan.gan.cli;

import dev.jgan.gan.selfcheck.KernelChecks;
import dev.jgan.gan.selfcheck.SpeedSummary;
import dev.jgan.tensor.Vectors;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gan selfcheck}: checks every kernel against a float64 recomputation, then times the main ones. */
@Command(name = "selfcheck",
        description = "Check the CPU kernels against float64 recomputations and print a speed summary.")
final class SelfCheckCommand implements Callable<Integer> {
    @Option(names = "--no-speed", description = "Only run the correctness checks.")
    private boolean noSpeed;

    @Override
    public Integer call() {
        System.out.println("jgan self-check: " + Vectors.describe());
        boolean ok = KernelChecks.runAll(System.out);
        if (!noSpeed) {
            SpeedSummary.run(System.out);
        }
        System.out.println(ok ? "self-check passed" : "self-check FAILED");
        return ok ? 0 : 1;
    }
}
