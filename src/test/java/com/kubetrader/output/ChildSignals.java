package com.kubetrader.output;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * For tests that press Ctrl-C on a child process. A job a non-interactive shell starts in the background ignores
 * SIGINT, and the ignore passes down through Maven and the test JVM to every child, whose JVM then leaves SIGINT
 * ignored (HotSpot installs no handler for a signal ignored at start). {@code env --default-signal=INT} (coreutils
 * 8.31 and later) gives the child SIGINT's default back, as an interactive terminal would.
 */
public final class ChildSignals {

    private static final List<String> PREFIX = List.of("env", "--default-signal=INT");

    private ChildSignals() {
    }

    /** The words to put before a child's command so that it receives SIGINT; empty where env cannot do it. */
    public static List<String> sigintRestored() {
        try {
            List<String> probe = new java.util.ArrayList<>(PREFIX);
            probe.add("true");
            Process p = new ProcessBuilder(probe).start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 ? PREFIX : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
