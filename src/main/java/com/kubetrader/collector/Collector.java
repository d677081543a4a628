package com.kubetrader.collector;

import com.kubetrader.output.Interrupts;
import com.kubetrader.output.OutputException;
import com.kubetrader.output.StagedFile;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One collection run: resolve symbols, plan connections, start them and the CSV writer, report
 * progress, and stop cleanly at the end of the duration, on SIGTERM, or on a fatal condition.
 */
public final class Collector implements FrameSink {

    /** Exit codes; documented in docs/collector.md and {@code --help}. */
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_MILLISECOND_TIMESTAMPS = 3;
    /**
     * The run ended without a single trade recorded (never connected, nothing subscribed, nothing traded): an
     * empty CSV is not a result. 6, not 4 or 5, because run-benchmark.sh passes this code through the same SSM
     * output as its own refusals (3, 4, 5).
     */
    public static final int EXIT_NO_TRADES = 6;
    /** SIGTERM: 128 + 15, as shells report it; the summary line says so too. The rows so far are the result. */
    public static final int EXIT_SIGTERM = Interrupts.EXIT_SIGTERM;
    /** SIGINT (Ctrl-C): 128 + 2. */
    public static final int EXIT_SIGINT = Interrupts.EXIT_SIGINT;
    /** SIGHUP (the terminal closed): 128 + 1. */
    public static final int EXIT_SIGHUP = Interrupts.EXIT_SIGHUP;

    private record Ending(int exitCode, String reason) {
    }

    private final CollectorOptions options;
    private final CollectorLog log;
    private final PrintStream out;
    private final CollectorStats stats = new CollectorStats();
    private final CompletableFuture<Ending> ending = new CompletableFuture<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile CsvTradeWriter writer;
    private RttWriter rtt;
    private volatile StagedFile tradesFile;
    private volatile StagedFile rttFile;
    private volatile int exitCode = EXIT_FAILURE;

    public Collector(CollectorOptions options, CollectorLog log, PrintStream out) {
        this.options = options;
        this.log = log;
        this.out = out;
    }

    public CollectorStats stats() {
        return stats;
    }

    /**
     * Ends the run early on {@code signal} ({@code SIGINT}, {@code SIGTERM} or {@code SIGHUP}): rows received so far
     * are flushed and moved into place, and the exit code is the signal's (130, 143, 129).
     */
    public void requestStop(String signal) {
        ending.complete(new Ending(Interrupts.exitCode(signal), signal + " received"));
    }

    /** Exit codes after which the rows so far are a complete result, moved into place. */
    static boolean keepsRows(int exitCode) {
        return exitCode == EXIT_OK || exitCode == EXIT_SIGTERM || exitCode == EXIT_SIGINT || exitCode == EXIT_SIGHUP;
    }

    /** Ends the run now as if the duration had elapsed (tests use this instead of waiting out a duration). */
    public void finishNow(String why) {
        ending.complete(new Ending(EXIT_OK, why));
    }

    /** The exit code {@link #run()} returned; for the shutdown hook, which must exit with the same. */
    public int exitCode() {
        return exitCode;
    }

    /** For the shutdown hook: waits until the CSV is closed and the summary printed. */
    public boolean awaitFinished(long millis) throws InterruptedException {
        return finished.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Runs to the end and returns the exit code. */
    public int run() {
        try {
            exitCode = runToEnd();
            return exitCode;
        } finally {
            finished.countDown(); // after exitCode is set: the shutdown hook exits with it
        }
    }

    private int runToEnd() {
        ExecutorService httpThreads = Executors.newCachedThreadPool(daemonThreads("exchange-info"));
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemonThreads("progress"));
        // Pings have a thread of their own so a slow progress line or connect probe never delays a send time.
        ScheduledExecutorService pingTimer = Executors.newSingleThreadScheduledExecutor(daemonThreads("ping"));
        ScheduledExecutorService probeTimer = Executors.newSingleThreadScheduledExecutor(daemonThreads("connect-probe"));
        List<StreamConnection> connections = new ArrayList<>();
        try {
            List<String> symbols = options.symbols();
            if (options.allSymbols()) {
                HttpClient http = HttpClient.newBuilder().executor(httpThreads).build();
                try {
                    symbols = ExchangeInfo.tradingSymbols(http, options.restEndpoint());
                } catch (IOException e) {
                    String why = "error: cannot list symbols for --symbols ALL: " + Failures.describe(e);
                    log.info(why);
                    out.println(why);
                    out.flush();
                    return EXIT_FAILURE;
                }
                log.info("exchangeInfo lists " + symbols.size() + " spot symbols with status TRADING");
                if (symbols.isEmpty()) {
                    log.info("error: exchangeInfo at " + options.restEndpoint() + " lists no TRADING symbols");
                    return EXIT_FAILURE;
                }
            }
            SubscriptionPlan plan = SubscriptionPlan.of(symbols, options.maxStreamsPerConnection(),
                    options.streamsPerMessage());
            try {
                tradesFile = StagedFile.create(options.out());
                rttFile = StagedFile.create(options.rttOut());
                writer = new CsvTradeWriter(tradesFile.partial(), stats,
                        message -> ending.complete(new Ending(EXIT_FAILURE, message)));
                rtt = new RttWriter(rttFile.partial());
            } catch (IOException e) {
                String why = "error: --out '" + options.out() + "': cannot create its files beside it ("
                        + OutputException.reason(e) + "); check that you can write in " + options.out().getParent();
                log.info(why);
                out.println(why);
                out.flush();
                return EXIT_FAILURE;
            }
            StreamConnection.Pinging pinging = options.pingInterval().isZero() ? null
                    : new StreamConnection.Pinging(options.pingInterval(), pingTimer, rtt);
            for (Endpoint endpoint : options.endpoints()) {
                // Each trade endpoint gets its own connections for the same symbols, which never ping, and one
                // round-trip probe beside them on the same URL that subscribes to nothing and only pings; an
                // rtt-only endpoint gets the probe alone.
                List<List<List<String>>> perConnection = endpoint.rttOnly() ? List.of() : plan.connections();
                log.info(endpoint.rttOnly()
                        ? "pinging " + endpoint.connectUri() + " on 1 connection (rtt-only)"
                        : "collecting " + symbols.size() + " symbol(s) on " + perConnection.size()
                        + " connection(s) from " + endpoint.connectUri() + " into " + options.out()
                        + (options.duration() == null ? " until SIGTERM" : " for " + options.duration())
                        + (pinging == null ? "; round trips off" : "; round trips on 1 probe connection beside them"));
                for (List<List<String>> batches : perConnection) {
                    StreamConnection connection = new StreamConnection(connections.size(), endpoint.label(),
                            endpoint.connectUri(), batches, this, log, stats, null);
                    connections.add(connection);
                    connection.start();
                }
                if (pinging != null) {
                    StreamConnection probe = new StreamConnection(connections.size(), endpoint.label(),
                            endpoint.connectUri(), List.of(), this, log, stats, pinging);
                    connections.add(probe);
                    probe.start();
                }
                if (!options.probeInterval().isZero()) {
                    ConnectProbe probe = new ConnectProbe(endpoint, rtt, log);
                    probeTimer.scheduleAtFixedRate(probe::probe, 0, options.probeInterval().toMillis(),
                            TimeUnit.MILLISECONDS);
                }
            }
            Progress progress = new Progress(stats, connections.size(), System.nanoTime());
            long periodMillis = options.progressInterval().toMillis();
            timers.scheduleAtFixedRate(() -> log.info(progress.line(System.nanoTime())),
                    periodMillis, periodMillis, TimeUnit.MILLISECONDS);

            Ending end = awaitEnding();
            log.info("stopping: " + end.reason());
            probeTimer.shutdownNow();
            stopAll(connections);
            pingTimer.shutdownNow(); // no ping is sent or timed out after this: the round trips can close
            try {
                writer.close();
                rtt.close();
            } catch (IOException e) {
                String why = "cannot write " + options.out() + " and " + options.rttOut() + " ("
                        + OutputException.reason(e) + "); check the disk has room, and run again";
                log.info("error: " + why);
                end = new Ending(EXIT_FAILURE, why);
            }
            if (stats.rowsWritten() == 0 && keepsRows(end.exitCode())) {
                log.info("error: no trade was recorded (" + end.reason() + "); " + (previousRecording()
                        ? options.out() + " keeps its previous recording, which an empty run never replaces"
                        : options.out() + " holds only its header") + ". Check the connection lines above: were "
                        + options.tradeEndpoints().stream().map(e -> e.connectUri().toString()).toList()
                        + " reachable, and do the symbols trade?");
                end = new Ending(EXIT_NO_TRADES, "no trade recorded");
            }
            end = finishFiles(end);
            String summary = "summary rows=" + stats.rowsWritten() + " malformed=" + stats.malformed()
                    + " reconnects=" + stats.reconnects() + " gaps=" + stats.gaps()
                    + " connections=" + connections.size() + " pings=" + stats.pingsSent() + " pongs=" + stats.pongs()
                    + " pings_lost=" + stats.pingsLost() + " exit=" + end.exitCode() + " out=" + options.out();
            log.info(summary);
            out.println(summary);
            out.flush();
            return end.exitCode();
        } finally {
            discardFiles(); // no-op once committed; covers early returns and exceptions
            stopAll(connections); // no-op after a normal stop; covers early returns and exceptions
            timers.shutdownNow();
            pingTimer.shutdownNow();
            probeTimer.shutdownNow();
            httpThreads.shutdownNow();
        }
    }

    /**
     * Moves the trades and the round trips into place when the rows so far are a result (the duration ended, or a
     * signal came); otherwise deletes them, leaving any previous recording as it was.
     */
    private Ending finishFiles(Ending end) {
        // A run that recorded nothing leaves a header-only trades file where there was none (analyze lists that
        // instance as "no data"), but never replaces a previous recording with it.
        boolean emptyInPlace = end.exitCode() == EXIT_NO_TRADES && !previousRecording();
        if (!keepsRows(end.exitCode()) && !emptyInPlace) {
            discardFiles();
            return end;
        }
        try {
            rttFile.commit(); // the trades last: a trades file in place means its round trips are in place too
            tradesFile.commit();
            return end;
        } catch (IOException e) {
            String why = "cannot move the recording into place at " + options.out() + " ("
                    + OutputException.reason(e) + "); check the directory is writable, and run again";
            log.info("error: " + why);
            discardFiles();
            return new Ending(EXIT_FAILURE, why);
        }
    }

    /** Whether a previous run's trades or round trips are at the outputs (only with --overwrite). */
    private boolean previousRecording() {
        return options.outputs().stream().anyMatch(Files::exists);
    }

    /** Deletes the partial files, if still there; the staged files also delete them if the JVM exits first. */
    private void discardFiles() {
        if (rttFile != null) {
            rttFile.discard();
        }
        if (tradesFile != null) {
            tradesFile.discard();
        }
    }

    private Ending awaitEnding() {
        try {
            if (options.duration() == null) {
                return ending.get();
            }
            return ending.get(options.duration().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new Ending(EXIT_OK, "duration of " + options.duration() + " elapsed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Ending(EXIT_OK, "interrupted");
        } catch (ExecutionException e) {
            return new Ending(EXIT_FAILURE, Failures.describe(e.getCause()));
        }
    }

    private static void stopAll(List<StreamConnection> connections) {
        // Signal all first so their closes overlap, then wait for each.
        List<Thread> stoppers = new ArrayList<>();
        for (StreamConnection c : connections) {
            Thread t = new Thread(c::stop, "stop-connection");
            t.setDaemon(true);
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void trade(Frame.Trade trade, long recvTimeUs, int connection, String endpoint) {
        writer.accept(new TradeRow(trade.symbol(), trade.tradeId(), trade.eventTimeUs(), trade.tradeTimeUs(),
                recvTimeUs, connection, endpoint));
    }

    @Override
    public void malformed(int connection, String reason) {
        // Counted in CollectorStats by the connection; nothing else to do on the hot path.
    }

    @Override
    public void fatal(String message) {
        if (ending.complete(new Ending(EXIT_MILLISECOND_TIMESTAMPS, message))) {
            log.info("error: " + message);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        return runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        };
    }
}
