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
            StaleJarGuard.refuseIfStale(App.class);
            Pulumi.run(App::stack);
            return;
        }
        System.exit(KubetraderCli.run(args));
    }

    /** The whole stack, as {@code pulumi up} and the offline {@code plan} both run it. */
    public static void stack(Context ctx) {
        KubetraderStack.declare(ctx);
    }
}
