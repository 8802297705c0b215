package dev.jgan.gan.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gan dcgan}: train a DCGAN, draw samples from it, walk its latent space. */
@Command(name = "dcgan",
        description = "Train a DCGAN and sample from it.",
        subcommands = {DcganTrainCommand.class, DcganSampleCommand.class, DcganInterpolateCommand.class})
final class DcganCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
