package com.kubetrader.collector;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters shared by listeners, the writer and the progress reporter. Latency figures are
 * updated by the single writer thread only, so they cost no contention on the receive path.
 */
public final class CollectorStats {

    final LongAdder received = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder ignored = new LongAdder();
    final AtomicLong rowsWritten = new AtomicLong();
    final AtomicLong minLatencyUs = new AtomicLong(Long.MAX_VALUE);
    final AtomicLong latencySumUs = new AtomicLong();
    final AtomicInteger symbolsSeen = new AtomicInteger();
    final AtomicInteger connectionsOpen = new AtomicInteger();
    final AtomicInteger reconnects = new AtomicInteger();
    final AtomicInteger gaps = new AtomicInteger();
    final LongAdder pingsSent = new LongAdder();
    final LongAdder pongs = new LongAdder();
    final LongAdder pingsLost = new LongAdder();
    final LongAdder unsolicitedPongs = new LongAdder();

    public long received() {
        return received.sum();
    }

    public long malformed() {
        return malformed.sum();
    }

    public long rowsWritten() {
        return rowsWritten.get();
    }

    public int reconnects() {
        return reconnects.get();
    }

    public int gaps() {
        return gaps.get();
    }

    public long pingsSent() {
        return pingsSent.sum();
    }

    public long pongs() {
        return pongs.sum();
    }

    public long pingsLost() {
        return pingsLost.sum();
    }

    public long unsolicitedPongs() {
        return unsolicitedPongs.sum();
    }

    public int connectionsOpen() {
        return connectionsOpen.get();
    }

    /** Min latency so far in microseconds, or null before the first row. */
    public Long minLatencyUs() {
        long min = minLatencyUs.get();
        return min == Long.MAX_VALUE ? null : min;
    }

    /** Mean latency so far in microseconds, or null before the first row. */
    public Double meanLatencyUs() {
        long rows = rowsWritten.get();
        return rows == 0 ? null : (double) latencySumUs.get() / rows;
    }
}
