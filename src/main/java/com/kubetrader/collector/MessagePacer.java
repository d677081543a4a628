package com.kubetrader.collector;

/**
 * Sliding-window pacer: at most {@code limit} messages in any {@code windowNanos}. Binance counts
 * SUBSCRIBEs, pings and pongs against 5 per second per connection and disconnects above that,
 * so every outgoing message of a connection reserves a slot here. The window is a little longer
 * than a second so that network jitter cannot squeeze six messages into one server-side second.
 */
public final class MessagePacer {

    private final long windowNanos;
    private final long[] slots;
    private int oldest;

    public MessagePacer(int limit, long windowNanos) {
        if (limit < 1 || windowNanos <= 0) {
            throw new IllegalArgumentException("limit and window must be positive");
        }
        this.windowNanos = windowNanos;
        this.slots = new long[limit];
        java.util.Arrays.fill(slots, Long.MIN_VALUE / 2);
    }

    /**
     * Reserves the earliest slot at or after {@code nowNanos} that keeps the window within its
     * limit, and returns how long to wait before sending (0 for now).
     */
    public synchronized long reserve(long nowNanos) {
        long slot = Math.max(nowNanos, slots[oldest] + windowNanos);
        slots[oldest] = slot;
        oldest = (oldest + 1) % slots.length;
        return slot - nowNanos;
    }
}
