package com.kubetrader.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line that hangs off the jar's main when it is given arguments. */
@Command(
        name = "kubetrader",
        mixinStandardHelpOptions = true,
        version = "kubetrader 0.1.0",
        description = "Offline plan and cost of the stacks, and the AZ latency benchmark's analysis.",
        subcommands = {
                CommandLine.HelpCommand.class,
                AnalyzeCommand.class,
                RehearseCommand.class,
        })
public final class KubetraderCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    /** Runs the command line and returns the process exit code. */
    public static int run(String... args) {
        return new CommandLine(new KubetraderCli()).execute(args);
    }
}
