package com.kubetrader.collector;

import com.kubetrader.output.Interrupts;
import com.kubetrader.output.OutputException;
import com.kubetrader.output.OutputLock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code java -jar stream-trades.jar}: records Binance Spot trades with receive time and latency
 * into a CSV. JDK-only on purpose (the jar runs on bare benchmark instances), so no library code
 * may appear in this package. Keeps the output rules (docs/output-rules.md): a previous recording is refused
 * unless {@code --overwrite}, one writer per {@code --out} ({@code <out>.lock}), files staged and moved into place,
 * and a signal ends the run with the rows so far as its result.
 */
public final class StreamTrades {

    /** How long a signal waits for the rows so far to be flushed and moved into place before exiting anyway. */
    private static final long STOP_WAIT_MILLIS = 15_000;

    /** The trades' first six columns, fixed since the first recordings (later ones were added at the end). */
    private static final String TRADES_COLUMNS = "symbol,trade_id,event_time_us,trade_time_us,recv_time_us,latency_us";

    private StreamTrades() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, true));
    }

    /**
     * Parses {@code args} and runs the collector. {@code installSignalHandlers} makes SIGINT, SIGTERM and SIGHUP
     * end the run with the rows so far moved into place, and the exit code the summary prints; tests run in-process
     * without it.
     */
    public static int run(String[] args, PrintStream out, PrintStream err, boolean installSignalHandlers) {
        return run(args, out, err, installSignalHandlers, collector -> { });
    }

    /** As above; {@code started} sees the collector before it runs (tests end it early through it). */
    static int run(String[] args, PrintStream out, PrintStream err, boolean installSignalHandlers,
                   java.util.function.Consumer<Collector> started) {
        CollectorOptions options;
        try {
            options = CollectorOptions.parse(args);
        } catch (CollectorOptions.HelpRequested e) {
            out.print(CollectorOptions.usage());
            out.flush();
            return Collector.EXIT_OK;
        } catch (UsageException e) {
            err.println("stream-trades: error: " + e.getMessage());
            err.println("Run with --help for usage.");
            err.flush();
            return Collector.EXIT_USAGE;
        }
        AtomicReference<Collector> running = new AtomicReference<>();
        if (installSignalHandlers) {
            Interrupts.install(signal -> {
                Collector collector = running.get();
                if (collector == null) {
                    return; // nothing recorded yet: Interrupts exits with the signal's code, releasing the lock
                }
                collector.requestStop(signal);
                try {
                    if (collector.awaitFinished(STOP_WAIT_MILLIS)) {
                        // The code the summary line printed: the signal's, or 6 when no trade was recorded.
                        System.exit(collector.exitCode());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        OutputLock lock;
        try {
            lock = OutputLock.acquire(options.out(), "--out");
        } catch (OutputLock.Held e) {
            err.println("stream-trades: error: " + e.getMessage());
            err.flush();
            return OutputLock.EXIT_LOCKED;
        } catch (OutputException e) {
            err.println("stream-trades: error: " + e.getMessage());
            err.flush();
            return Collector.EXIT_FAILURE;
        }
        Runnable release = Interrupts.register(lock::close);
        try {
            String refusal = refusal(options);
            if (refusal != null) {
                err.println("stream-trades: error: " + refusal);
                err.flush();
                return Collector.EXIT_USAGE;
            }
            return collect(options, out, err, started, running);
        } finally {
            Interrupts.unregister(release);
            lock.close();
        }
    }

    private static int collect(CollectorOptions options, PrintStream out, PrintStream err,
                               java.util.function.Consumer<Collector> started, AtomicReference<Collector> running) {
        PrintStream logStream = err;
        if (options.log() != null) {
            try {
                logStream = new PrintStream(Files.newOutputStream(options.log()), false, StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("stream-trades: error: --log '" + options.log() + "' cannot be opened ("
                        + OutputException.reason(e) + "); choose a file you can write");
                return Collector.EXIT_USAGE;
            }
        }
        try {
            Collector collector = new Collector(options, new CollectorLog(logStream), out);
            running.set(collector);
            started.accept(collector);
            return collector.run();
        } finally {
            if (logStream != err) {
                logStream.close();
            }
        }
    }

    /**
     * Why {@code --out} may not be written, or null when it may: a previous recording is replaced only with
     * {@code --overwrite}, and a file the collector did not write never is (docs/output-rules.md, rule 1).
     */
    static String refusal(CollectorOptions options) {
        List<String> recordings = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        for (Path file : options.outputs()) {
            if (!Files.exists(file)) {
                continue;
            }
            String expected = file.equals(options.out()) ? TRADES_COLUMNS : RttWriter.HEADER;
            String what = describe(file, expected);
            (what.startsWith("a recording") ? recordings : foreign).add(file + " (" + what + ")");
        }
        if (!foreign.isEmpty()) {
            return "--out '" + options.out() + "': " + String.join(" and ", foreign) + " is not a recording this "
                    + "collector wrote, and is never replaced, not even with --overwrite; choose a new --out, or move "
                    + (foreign.size() == 1 ? "that file" : "those files") + " away";
        }
        if (!recordings.isEmpty() && !options.overwrite()) {
            return "--out '" + options.out() + "' already holds a previous run's result: "
                    + String.join(" and ", recordings) + "; choose a new --out, or pass --overwrite to replace it "
                    + "once the new recording is complete";
        }
        return null;
    }

    /** "a recording, N bytes, last written T" when {@code file} starts with {@code header}, else what it is. */
    private static String describe(Path file, String header) {
        if (Files.isDirectory(file)) {
            return "a directory";
        }
        try {
            String first;
            try (var reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                first = reader.readLine();
            }
            String modified = Instant.ofEpochMilli(Files.getLastModifiedTime(file).toMillis())
                    .truncatedTo(ChronoUnit.SECONDS).toString();
            if (first == null) {
                return "an empty file, last written " + modified;
            }
            if (!first.startsWith(header)) {
                return "a file whose first line is not the collector's header " + header;
            }
            return "a recording, " + Files.size(file) + " bytes, last written " + modified;
        } catch (IOException e) {
            return "unreadable: " + OutputException.reason(e);
        }
    }
}
