package com.kubetrader.output;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ctrl-C and SIGTERM (docs/output-rules.md, rule 5): the signal that arrived, by name, and the clean-ups to run
 * before the JVM exits. A command registers what it must remove (staging, spill files, its lock) and unregisters
 * it once committed; the JVM's shutdown runs what is left. {@link #install()} replaces the JVM's own handlers so
 * the signal is known by name and SIGINT exits 130, SIGTERM 143, SIGHUP 129. JDK-only: uses jdk.unsupported's
 * sun.misc.Signal, present in every JDK the project runs on.
 */
public final class Interrupts {

    public static final int EXIT_SIGINT = 130;
    public static final int EXIT_SIGTERM = 143;
    public static final int EXIT_SIGHUP = 129;

    private static final AtomicReference<String> RECEIVED = new AtomicReference<>();
    private static final List<Runnable> CLEANUPS = new ArrayList<>();
    private static boolean hookAdded;

    private Interrupts() {
    }

    /**
     * Handles SIGINT, SIGTERM and SIGHUP: records the signal's name, then exits with 128 + its number, which runs
     * the registered clean-ups (as shutdown hooks do). {@code onSignal} runs first, on the signal's thread, so a
     * command can stop its work and write a complete result before the exit (the collector does).
     */
    public static synchronized void install(java.util.function.Consumer<String> onSignal) {
        addHook();
        for (String name : List.of("INT", "TERM", "HUP")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    String full = "SIG" + signal.getName();
                    if (!RECEIVED.compareAndSet(null, full)) {
                        return; // a second Ctrl-C while cleaning up: the first one's exit is under way
                    }
                    onSignal.accept(full);
                    System.exit(exitCode(full));
                });
            } catch (IllegalArgumentException unavailable) {
                // e.g. SIGHUP where the platform has none: the JVM's default applies
            }
        }
    }

    /** The signal received so far ({@code SIGINT}, {@code SIGTERM}, {@code SIGHUP}), or null. */
    public static String received() {
        return RECEIVED.get();
    }

    /** 128 + the signal's number, as shells report it. */
    public static int exitCode(String signal) {
        return switch (signal) {
            case "SIGINT" -> EXIT_SIGINT;
            case "SIGHUP" -> EXIT_SIGHUP;
            default -> EXIT_SIGTERM;
        };
    }

    /** Runs {@code cleanup} if the JVM exits before {@link #unregister} is called with the same object. */
    public static synchronized Runnable register(Runnable cleanup) {
        addHook();
        CLEANUPS.add(cleanup);
        return cleanup;
    }

    public static synchronized void unregister(Runnable cleanup) {
        CLEANUPS.remove(cleanup);
    }

    private static void addHook() {
        if (hookAdded) {
            return;
        }
        hookAdded = true;
        Runtime.getRuntime().addShutdownHook(new Thread(Interrupts::runCleanups, "kubetrader-cleanup"));
    }

    static void runCleanups() {
        List<Runnable> todo;
        synchronized (Interrupts.class) {
            todo = new ArrayList<>(CLEANUPS);
            CLEANUPS.clear();
        }
        for (int i = todo.size() - 1; i >= 0; i--) { // last registered first: inner staging before its lock
            try {
                todo.get(i).run();
            } catch (RuntimeException ignored) {
                // best effort: the others still run
            }
        }
    }
}
