package com.kubetrader;

import com.kubetrader.cli.KubetraderCli;
import com.kubetrader.stack.StaleJarGuard;
import com.kubetrader.stack.KubetraderStack;
import com.pulumi.Context;
import com.pulumi.Pulumi;

/**
 * One jar, two faces. With no arguments it is the Pulumi program that {@code pulumi up} runs
 * (Pulumi.yaml points the Java runtime's {@code binary} option at target/kubetrader.jar).
 * With arguments it is the kubetrader command line: plan, cost, analyze, rehearse.
 */
public final class App {

    private App() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            if (!insidePulumiEngine(System.getenv())) {
                System.err.print(outsideEngineUsage());
                System.exit(2);
            }
            StaleJarGuard.refuseIfStale(App.class);
            Pulumi.run(App::stack);
            return;
        }
        if (WRITERS.contains(args[0])) {
            // only here, in the jar's own process: commands run in-process (tests) keep the JVM's handlers
            com.kubetrader.output.Interrupts.install(signal -> {
                System.err.println("error: " + args[0] + " stopped by " + signal + "; removing this run's staging, "
                        + "temporary and spill files (an earlier result is left as it was); exit "
                        + com.kubetrader.output.Interrupts.exitCode(signal));
                System.err.flush();
            });
        }
        System.exit(KubetraderCli.run(args));
    }

    /** The commands that write output and keep docs/output-rules.md's rule 5 for Ctrl-C and SIGTERM. */
    static final java.util.Set<String> WRITERS = java.util.Set.of("analyze", "trend", "rehearse");

    /** The engine hands a program its monitor's address in PULUMI_MONITOR; nothing else sets it. */
    static boolean insidePulumiEngine(java.util.Map<String, String> env) {
        String monitor = env.get("PULUMI_MONITOR");
        return monitor != null && !monitor.isBlank();
    }

    /** What a newcomer sees for a bare {@code java -jar target/kubetrader.jar}: how the jar is meant to be run. */
    static String outsideEngineUsage() {
        return "kubetrader: no command given.\n"
                + "\n"
                + "With no arguments this jar is the Pulumi program: `pulumi preview` and `pulumi up` run it inside the\n"
                + "Pulumi engine (Pulumi.yaml's runtime.options.binary points at target/kubetrader.jar), for example\n"
                + "  pulumi up -s dev\n"
                + "\n"
                + "Outside the engine, give it a command:\n"
                + KubetraderCli.commandLine().getUsageMessage().indent(2)
                + "\n"
                + "Start with: java -jar target/kubetrader.jar plan --stack dev\n";
    }

    /** The whole stack, as {@code pulumi up} and the offline {@code plan} both run it. */
    public static void stack(Context ctx) {
        KubetraderStack.declare(ctx); // the offline plan runs the same method
    }
}
