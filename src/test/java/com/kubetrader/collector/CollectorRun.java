package com.kubetrader.collector;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The collector running in-process on a background thread, with its output captured. */
final class CollectorRun {

    /** A parsed CSV row. */
    record Row(String symbol, long tradeId, long eventTimeUs, long tradeTimeUs, long recvTimeUs, long latencyUs,
               int connection, String endpoint) {
    }

    final Path csv;
    final Path log;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final CompletableFuture<Collector> collector = new CompletableFuture<>();

    private CollectorRun(Path csv, Path log) {
        this.csv = csv;
        this.log = log;
    }

    /** Starts with {@code --out} and {@code --log} in {@code dir} added to {@code args}. */
    static CollectorRun start(Path dir, String... args) {
        return start(dir.resolve("trades.csv"), dir.resolve("collector.log"), args);
    }

    /** Starts with {@code --out csv} and {@code --log log} added to {@code args}. */
    static CollectorRun start(Path csv, Path log, String... args) {
        CollectorRun run = new CollectorRun(csv, log);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--out", run.csv.toString(), "--log", run.log.toString()));
        Thread thread = new Thread(() -> {
            try {
                run.exit.complete(StreamTrades.run(all.toArray(String[]::new),
                        new PrintStream(run.out, true, StandardCharsets.UTF_8),
                        new PrintStream(run.err, true, StandardCharsets.UTF_8), false, run.collector::complete));
            } catch (Throwable t) {
                run.exit.completeExceptionally(t);
            }
        }, "collector-under-test");
        thread.setDaemon(true);
        thread.start();
        return run;
    }

    /**
     * Waits until the collector has written {@code rows} rows, then ends the run as if its duration had elapsed:
     * tests give a long duration and finish as soon as what they check has happened, instead of waiting it out.
     */
    int finishAfterRows(long rows, Duration timeout) throws Exception {
        Collector c = collector.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (c.stats().rowsWritten() < rows && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        c.finishNow("finished by the test after " + c.stats().rowsWritten() + " rows");
        return awaitExit(timeout);
    }

    int awaitExit(Duration timeout) throws Exception {
        return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    List<String> csvLines() throws IOException {
        return Files.readAllLines(csv);
    }

    List<Row> rows() throws IOException {
        return readRows(csv);
    }

    static List<Row> readRows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            rows.add(new Row(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Long.parseLong(f[4]), Long.parseLong(f[5]), Integer.parseInt(f[6]), f[7]));
        }
        return rows;
    }
}
