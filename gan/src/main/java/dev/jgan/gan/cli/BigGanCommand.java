package dev.jgan.gan.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gan biggan ...}: BigGAN-deep inference from pytorch-pretrained-BigGAN checkpoints. */
@Command(name = "biggan",
        description = "BigGAN-deep image generation from pytorch-pretrained-BigGAN checkpoints.",
        subcommands = {BigGanConvertCommand.class, BigGanGenerateCommand.class, BigGanClassesCommand.class,
                BigGanInterpolateCommand.class})
final class BigGanCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
