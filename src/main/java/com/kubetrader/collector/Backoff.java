package com.kubetrader.collector;

import java.util.function.DoubleSupplier;

/**
 * Exponential reconnect delay with "equal jitter": half the step fixed, half random, so that many
 * collectors dropped together do not reconnect in lockstep, and the delay never collapses to 0.
 */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final DoubleSupplier random;
    private long stepMillis;

    public Backoff(long initialMillis, long maxMillis, DoubleSupplier random) {
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.random = random;
        this.stepMillis = initialMillis;
    }

    /** The next delay, then doubles the step up to the cap. */
    public synchronized long nextMillis() {
        long step = stepMillis;
        stepMillis = Math.min(maxMillis, stepMillis * 2);
        return step / 2 + (long) (random.getAsDouble() * (step - step / 2));
    }

    /** After a connection that worked, start small again. */
    public synchronized void reset() {
        stepMillis = initialMillis;
    }
}
