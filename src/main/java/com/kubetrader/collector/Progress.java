package com.kubetrader.collector;

import java.util.Locale;

/** Builds the periodic progress line from the shared counters. One instance per run. */
public final class Progress {

    private final CollectorStats stats;
    private final int connections;
    private long lastReceived;
    private long lastNanos;

    public Progress(CollectorStats stats, int connections, long startNanos) {
        this.stats = stats;
        this.connections = connections;
        this.lastNanos = startNanos;
    }

    /** The line for the interval ending at {@code nowNanos}. */
    public synchronized String line(long nowNanos) {
        long received = stats.received();
        double seconds = Math.max(1e-9, (nowNanos - lastNanos) / 1e9);
        double rate = (received - lastReceived) / seconds;
        lastReceived = received;
        lastNanos = nowNanos;
        Long min = stats.minLatencyUs();
        Double mean = stats.meanLatencyUs();
        return String.format(Locale.ROOT,
                "progress msgs_per_s=%.1f symbols_seen=%d connections_open=%d/%d latency_us_min=%s "
                        + "latency_us_mean=%s malformed=%d rows=%d",
                rate, stats.symbolsSeen.get(), stats.connectionsOpen(), connections,
                min == null ? "-" : min.toString(),
                mean == null ? "-" : String.format(Locale.ROOT, "%.1f", mean),
                stats.malformed(), stats.rowsWritten());
    }
}
