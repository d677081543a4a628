package com.kubetrader.collector;

/** Where a connection hands what it received. Called on WebSocket listener threads: keep it quick. */
public interface FrameSink {

    void trade(Frame.Trade trade, long recvTimeUs, int connection, String endpoint);

    void malformed(int connection, String reason);

    /** A condition that makes further collection meaningless (e.g. millisecond timestamps). */
    void fatal(String message);
}
