package dev.jgan.gan.cli;

import dev.jgan.gan.data.DatasetCache;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gan data fetch NAME}: download and verify a dataset into the cache. */
@Command(name = "data", description = "Manage the dataset cache.",
        subcommands = DataCommand.Fetch.class)
final class DataCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "fetch",
            description = "Download a dataset into the cache ($JGAN_DATA or ~/.cache/jgan/data)"
            + " and verify it (sizes and SHA-256).")
    static final class Fetch implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "mnist or fashion-mnist")
        private String name;

        @Override
        public Integer call() throws Exception {
            System.out.println(DatasetCache.fetch(name, System.out));
            return 0;
        }
    }
}
