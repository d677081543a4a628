package com.kubetrader.collector;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code <stem>.rtt.csv}: one row per clock-free round trip. A ping a second on each endpoint's probe connection and
 * a connect probe a minute per host is a few rows a second, so rows are written under a lock and flushed at once:
 * nothing is lost to a crash.
 */
public final class RttWriter implements AutoCloseable {

    public static final String HEADER = "endpoint,connection,kind,sent_time_us,rtt_us";

    /** What was timed. */
    public enum Kind {
        WS_PING("ws_ping"), TCP_CONNECT("tcp_connect"), TLS_HANDSHAKE("tls_handshake");

        final String column;

        Kind(String column) {
            this.column = column;
        }
    }

    private final BufferedWriter out;
    private IOException failure;

    public RttWriter(Path path) throws IOException {
        this.out = Files.newBufferedWriter(path, StandardCharsets.US_ASCII);
        out.write(HEADER);
        out.write('\n');
        out.flush();
    }

    /**
     * One sample. {@code connection} is null for a socket probe (it is not one of the WebSocket connections);
     * {@code rttUs} is null for a ping that got no pong in time or a probe that failed: lost, never a value.
     */
    public synchronized void write(String endpoint, Integer connection, Kind kind, long sentTimeUs, Long rttUs) {
        if (failure != null) {
            return;
        }
        try {
            out.write(endpoint + "," + (connection == null ? "" : connection) + "," + kind.column + ","
                    + sentTimeUs + "," + (rttUs == null ? "" : rttUs) + "\n");
            out.flush();
        } catch (IOException e) {
            failure = e;
        }
    }

    /** The first write error, if any: the run's rtt.csv is then incomplete. */
    public synchronized IOException failure() {
        return failure;
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
        if (failure != null) {
            throw failure;
        }
    }
}
