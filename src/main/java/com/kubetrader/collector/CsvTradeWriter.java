package com.kubetrader.collector;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The only thread that touches trades.csv. Readers hand rows over through a bounded queue and
 * return at once; this thread formats, writes through a large buffer, and flushes at least twice
 * a second so a crash loses under a second of rows.
 *
 * <p>It drains the queue every {@value #DRAIN_INTERVAL_MILLIS} ms rather than waking for each row: a wake-up per
 * trade (thousands a second) would compete with the reading threads for the CPU, and show up as latency in the
 * very rows it writes. Nothing waits on the queue between drains, so handing a row over wakes no thread.
 */
public final class CsvTradeWriter implements AutoCloseable {

    /**
     * The first six columns are fixed by the analysis tools; later columns may be added, only ever at the end
     * (endpoint came after connection).
     */
    public static final String HEADER =
            "symbol,trade_id,event_time_us,trade_time_us,recv_time_us,latency_us,connection,endpoint";

    private static final long FLUSH_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final int QUEUE_CAPACITY = 1 << 16;
    private static final int BATCH = 4096;
    static final long DRAIN_INTERVAL_MILLIS = 10;

    private final BlockingQueue<TradeRow> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Writer out;
    private final CollectorStats stats;
    private final Consumer<String> onFailure;
    private final Thread thread;
    private final Set<String> symbols = new HashSet<>();
    private volatile boolean closing;
    private volatile IOException failure;

    /** Creates (truncates) {@code path}, writes the header and starts the writer thread. */
    public CsvTradeWriter(Path path, CollectorStats stats, Consumer<String> onFailure) throws IOException {
        this.out = new BufferedWriter(Files.newBufferedWriter(path, StandardCharsets.US_ASCII), 1 << 20);
        this.stats = stats;
        this.onFailure = onFailure;
        out.write(HEADER);
        out.write('\n');
        out.flush();
        this.thread = new Thread(this::run, "csv-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues a row. Blocks only when the writer is 65 536 rows behind: back-pressure then reaches
     * the socket, and shows up honestly as latency instead of as lost rows or an out-of-memory.
     */
    public void accept(TradeRow row) {
        try {
            queue.put(row);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<TradeRow> batch = new ArrayList<>(BATCH);
        StringBuilder line = new StringBuilder(128);
        long lastFlush = System.nanoTime();
        try {
            while (true) {
                boolean wasClosing = closing;
                int drained;
                do {
                    drained = queue.drainTo(batch, BATCH);
                    for (TradeRow row : batch) {
                        write(row, line);
                    }
                    batch.clear();
                } while (drained == BATCH);
                long now = System.nanoTime();
                if (now - lastFlush >= FLUSH_INTERVAL_NANOS) {
                    out.flush();
                    lastFlush = now;
                }
                if (wasClosing && queue.isEmpty()) {
                    break; // closing was seen before this drain, so every row handed over before close() is written
                }
                Thread.sleep(DRAIN_INTERVAL_MILLIS);
            }
            out.flush();
        } catch (IOException e) {
            failure = e;
            onFailure.accept("cannot write the trades ("
                    + com.kubetrader.output.OutputException.reason(e) + "); check the disk has room, and run again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(TradeRow row, StringBuilder line) throws IOException {
        long latency = row.latencyUs();
        line.setLength(0);
        line.append(row.symbol()).append(',')
                .append(row.tradeId()).append(',')
                .append(row.eventTimeUs()).append(',')
                .append(row.tradeTimeUs()).append(',')
                .append(row.recvTimeUs()).append(',')
                .append(latency).append(',')
                .append(row.connection()).append(',')
                .append(row.endpoint()).append('\n');
        out.append(line);
        if (latency < stats.minLatencyUs.get()) {
            stats.minLatencyUs.set(latency); // single writer thread: no compare-and-set loop needed
        }
        stats.latencySumUs.addAndGet(latency);
        stats.rowsWritten.incrementAndGet();
        if (symbols.add(row.symbol())) {
            stats.symbolsSeen.set(symbols.size());
        }
    }

    /** Writes every queued row, flushes and closes. Idempotent. */
    @Override
    public void close() throws IOException {
        closing = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            out.close();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
