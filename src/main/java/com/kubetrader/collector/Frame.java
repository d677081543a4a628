package com.kubetrader.collector;

/** What one text frame from a Binance combined-stream connection turned out to be. */
public sealed interface Frame {

    /** A {@code <symbol>@trade} event with microsecond timestamps. */
    record Trade(String symbol, long tradeId, long eventTimeUs, long tradeTimeUs) implements Frame {
    }

    /** {@code {"result":null,"id":N}}: the server accepted request N. */
    record Reply(long id) implements Frame {
    }

    /** {@code {"code":C,"msg":"..."}}: the server rejected a request. */
    record ErrorReply(long code, String message) implements Frame {
    }

    /** The server is about to close the connection; reconnect now rather than wait for the close. */
    record ServerShutdown() implements Frame {
    }

    /**
     * A trade whose timestamps are 13-digit milliseconds: the server ignored timeUnit=MICROSECOND,
     * and recording it would make every latency wrong by up to a millisecond.
     */
    record MillisecondTimestamps(String symbol, long eventTime) implements Frame {
    }

    /** A well-formed event of a kind the collector does not record (another stream type). */
    record Ignored(String eventType) implements Frame {
    }

    /** Anything that cannot be read; counted and skipped. */
    record Malformed(String reason) implements Frame {
    }
}
