package com.kubetrader.analysis;

import java.util.List;

/**
 * The outcome of an analysis, exactly what summary.json holds. All latencies in µs.
 *
 * @param azs                    one entry per AZ ID with trades, best first
 * @param comparisons            each pair of adjacent AZs in the ranking and whether their order is resolved
 * @param instances              every instance directory: rows, aligned trades and dropped rows by reason
 * @param recommendedPrimaryAzId rank 1's AZ ID, or null when rank 1 vs rank 2 is not resolved
 */
public record Summary(String runDirectory, long alignedTrades, List<Az> azs, List<Comparison> comparisons,
                      List<Instance> instances, String recommendedPrimaryAzId, String verdict) {

    /** One AZ ID: box statistics over symbols of the per-symbol minimum and mean latency. */
    public record Az(String azId, String azName, String instanceId, int symbols,
                     double medianMinUs, double q1MinUs, double q3MinUs, double whiskerLowMinUs,
                     double whiskerHighMinUs,
                     double medianMeanUs, double q1MeanUs, double q3MeanUs, double whiskerLowMeanUs,
                     double whiskerHighMeanUs,
                     int rank, double gapToBestUs, double clockBoundUs, long fastestUs, String fastestSymbol) {
    }

    /** Two AZs adjacent in the ranking. resolved = gapUs >= combinedClockBoundUs. */
    public record Comparison(String fasterAzId, String slowerAzId, double gapUs, double combinedClockBoundUs,
                             boolean resolved) {
    }

    /** Row accounting for one instance: rows = alignedTrades + droppedNotSeenByAll + droppedDuplicate. */
    public record Instance(String instanceId, String azId, String azName, long rows, long alignedTrades,
                           long droppedNotSeenByAll, long droppedDuplicate, boolean excluded, String note) {
    }
}
