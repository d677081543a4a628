package com.kubetrader.cli;

import com.kubetrader.plan.settings.Suggest;
import java.util.List;
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
                PlanCommand.class,
                CostCommand.class,
                AnalyzeCommand.class,
                RehearseCommand.class,
                TrendCommand.class,
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
        return commandLine().execute(args);
    }

    /**
     * A parse error in words. A mistyped option is the likeliest cause of any parse error (picocli reports the
     * required --stack as missing before it mentions an unknown --stak), so an unknown option comes first, with the
     * nearest real one.
     */
    static String describe(CommandLine.ParameterException e, CommandLine cmd) {
        for (String arg : e instanceof CommandLine.UnmatchedArgumentException ? List.<String>of()
                : cmd.getUnmatchedArguments()) {
            if (arg.startsWith("-")) {
                String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                return "unknown option '" + name + "'" + Suggest.nearest(name, cmd.getCommandSpec().optionsMap().keySet())
                        .map(option -> "; did you mean " + option + "?").orElse("");
            }
        }
        String message = e.getMessage().replaceFirst("^Error: ", "");
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            message += "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
        }
        return message;
    }

    /**
     * The configured command line: a bad flag prints one line (the message and where to get
     * help) and exits 2; anything unexpected prints its message and exits 1, never a stack trace.
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new KubetraderCli());
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("error: " + describe(e, cmd) + " (see '" + cmd.getCommandSpec().qualifiedName()
                    + " --help')");
            cmd.getErr().flush();
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        });
        cli.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            cmd.getErr().println("error: " + com.kubetrader.offline.OfflineRun.userMessage(e));
            cmd.getErr().flush();
            return 1;
        });
        return cli;
    }
}
