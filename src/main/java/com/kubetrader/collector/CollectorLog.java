package com.kubetrader.collector;

import java.io.PrintStream;

/** Timestamped log lines to stderr or the {@code --log} file; one lock so lines never interleave. */
public final class CollectorLog {

    private final PrintStream out;

    public CollectorLog(PrintStream out) {
        this.out = out;
    }

    public void info(String message) {
        String line = MicroClock.iso(MicroClock.nowMicros()) + " " + message;
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
