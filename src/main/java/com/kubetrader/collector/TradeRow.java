package com.kubetrader.collector;

/** One CSV row: a trade plus when it was received and on which connection. */
public record TradeRow(String symbol, long tradeId, long eventTimeUs, long tradeTimeUs, long recvTimeUs,
                       int connection, String endpoint) {

    public long latencyUs() {
        return recvTimeUs - eventTimeUs;
    }
}
