package com.kubetrader.collector;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code java -jar stream-trades.jar}: records Binance Spot trades with receive time and latency
 * into a CSV. JDK-only on purpose (the jar runs on bare benchmark instances), so no library code
 * may appear in this package.
 */
public final class StreamTrades {

    private StreamTrades() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, true));
    }

    /**
     * Parses {@code args} and runs the collector. {@code installShutdownHook} makes SIGTERM flush
     * the CSV and print the summary; tests run in-process without it.
     */
    public static int run(String[] args, PrintStream out, PrintStream err, boolean installShutdownHook) {
        return run(args, out, err, installShutdownHook, collector -> { });
    }

    /** As above; {@code started} sees the collector before it runs (tests end it early through it). */
    static int run(String[] args, PrintStream out, PrintStream err, boolean installShutdownHook,
                   java.util.function.Consumer<Collector> started) {
        CollectorOptions options;
        try {
            options = CollectorOptions.parse(args);
        } catch (CollectorOptions.HelpRequested e) {
            out.print(CollectorOptions.usage());
            out.flush();
            return Collector.EXIT_OK;
        } catch (UsageException e) {
            err.println("stream-trades: " + e.getMessage());
            err.println("Run with --help for usage.");
            err.flush();
            return Collector.EXIT_USAGE;
        }
        PrintStream logStream = err;
        if (options.log() != null) {
            try {
                logStream = new PrintStream(new FileOutputStream(options.log().toFile()), false,
                        StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("stream-trades: --log '" + options.log() + "' cannot be opened: " + e.getMessage());
                return Collector.EXIT_USAGE;
            }
        }
        try {
            Collector collector = new Collector(options, new CollectorLog(logStream), out);
            Thread hook = new Thread(() -> {
                collector.requestStop("SIGTERM (shutdown hook)");
                try {
                    if (collector.awaitFinished(15_000)) {
                        // Exit with the code the summary line printed, not the JVM's blanket 143 for SIGTERM
                        // (they differ only when the run recorded no trade). halt: this is the only hook.
                        Runtime.getRuntime().halt(collector.exitCode());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "stream-trades-shutdown");
            if (installShutdownHook) {
                Runtime.getRuntime().addShutdownHook(hook);
            }
            started.accept(collector);
            return collector.run();
        } finally {
            if (logStream != err) {
                logStream.close();
            }
        }
    }
}
