package com.kubetrader.analysis;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link RunAnalyzer} extracts from a run directory for one endpoint: aligned per-symbol statistics and drop
 * counts.
 */
public record RunData(Path runDir, String endpoint, List<InstanceData> instances, long alignedTrades) {

    /**
     * Latency statistics of one instance's aligned readings for one symbol, in µs. negative counts the readings
     * below zero: received before the exchange stamped them, which no path allows, so the clocks disagree.
     */
    public record SymbolStats(String symbol, long count, long minUs, double p50Us, double meanUs, double p99Us,
                              long negative) {
    }

    /**
     * One instance: its metadata, how many rows its trades.csv had, how many were aligned or dropped, and its
     * per-symbol statistics. rows = alignedTrades + droppedNotSeenByAll + droppedDuplicate. An instance without
     * trades has hasTrades false and takes no part in the alignment.
     */
    public record InstanceData(InstanceMetadata metadata, Path tradesFile, boolean hasTrades, long rows,
                               long alignedTrades, long droppedNotSeenByAll, long droppedDuplicate,
                               List<SymbolStats> symbols) {
    }
}
