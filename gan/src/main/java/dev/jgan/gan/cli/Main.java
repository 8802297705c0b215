package dev.jgan.gan.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gan} command line: one subcommand per job. */
@Command(name = "gan",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        version = "jgan 0.1.0",
        description = "jgan: GAN training and inference with hand-written Java kernels.",
        subcommands = {SelfCheckCommand.class, DcganCommand.class, DataCommand.class, BigGanCommand.class,
                EvalCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code; errors are one line on stderr. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            if (Boolean.getBoolean("jgan.debug")) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine.Model.CommandSpec command = e.getCommandLine().getCommandSpec();
            e.getCommandLine().getErr().println("error: " + e.getMessage() + " (see '" + command.qualifiedName() + " --help')");
            return CommandLine.ExitCode.USAGE;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            cli.getErr().println(outOfMemoryMessage(Runtime.getRuntime().maxMemory()));
            return 1;
        }
    }

    /** The one-line error for a job that ran out of Java heap, saying how to give it more. */
    static String outOfMemoryMessage(long maxHeapBytes) {
        return "error: out of memory: the Java heap is limited to " + (maxHeapBytes >> 20)
                + " MiB; allow more with JGAN_JAVA_OPTS=-Xmx<size> (e.g. -Xmx4g), or use a smaller --batch-size or --count";
    }
}
