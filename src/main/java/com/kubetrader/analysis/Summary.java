package com.kubetrader.analysis;

import java.util.List;

/**
 * The outcome of an analysis, exactly what summary.json holds. All latencies in µs.
 *
 * <p>The top-level {@code alignedTrades}, {@code azs}, {@code comparisons} and {@code instances} are the primary
 * endpoint's (the one the recommendation is for), so a reader of the one-endpoint layout finds them where they
 * were; {@code endpoints} holds every endpoint's full result.
 *
 * @param azs                    the primary endpoint's AZ IDs with trades, best first
 * @param comparisons            each pair of adjacent AZs in its one-way ranking and whether their order is resolved
 * @param instances              every instance directory: rows, aligned trades and dropped rows by reason
 * @param recommendedPrimaryAzId rank 1's AZ ID on the primary endpoint, or null when the evidence does not settle it
 * @param primaryEndpoint        the endpoint the recommendation is for (--primary-endpoint, default the first)
 * @param evidence               which files the run had
 * @param endpoints              one result per endpoint, in the order the collectors were given them
 * @param endpointsAgree         false when two endpoints' resolved rankings put different AZ IDs first
 */
public record Summary(String runDirectory, long alignedTrades, List<Az> azs, List<Comparison> comparisons,
                      List<Instance> instances, String recommendedPrimaryAzId, String verdict,
                      String primaryEndpoint, Evidence evidence, List<EndpointResult> endpoints,
                      boolean endpointsAgree) {

    /**
     * One AZ ID on one endpoint: box statistics over symbols of the per-symbol minimum and mean one-way latency,
     * and, when the run has them, its round trips. clockBoundUs is the bound the one-way verdict uses: the largest
     * sampled through the run (clockBoundMaxUs) when clock.csv exists, else metadata.json's end snapshot.
     */
    public record Az(String azId, String azName, String instanceId, int symbols,
                     double medianMinUs, double q1MinUs, double q3MinUs, double whiskerLowMinUs,
                     double whiskerHighMinUs,
                     double medianMeanUs, double q1MeanUs, double q3MeanUs, double whiskerLowMeanUs,
                     double whiskerHighMeanUs,
                     int rank, double gapToBestUs, double clockBoundUs, long fastestUs, String fastestSymbol,
                     Double rttMinUs, Double rttP5Us, Double rttMedianUs, Double rttP95Us, Integer rttSamples,
                     Long pingsLost, Double connectMinUs, Double connectMedianUs, Double clockBoundMaxUs,
                     long negativeReadings) {

        /** The same AZ with its round trips and run-long clock bound added. */
        Az withRoundTrips(RttStats rtt, Double clockBoundMaxUs) {
            return new Az(azId, azName, instanceId, symbols, medianMinUs, q1MinUs, q3MinUs, whiskerLowMinUs,
                    whiskerHighMinUs, medianMeanUs, q1MeanUs, q3MeanUs, whiskerLowMeanUs, whiskerHighMeanUs, rank,
                    gapToBestUs, clockBoundUs, fastestUs, fastestSymbol,
                    rtt == null ? null : rtt.minUs(), rtt == null ? null : rtt.p5Us(),
                    rtt == null ? null : rtt.medianUs(), rtt == null ? null : rtt.p95Us(),
                    rtt == null ? null : rtt.samples(), rtt == null ? null : rtt.pingsLost(),
                    rtt == null ? null : rtt.connectMinUs(), rtt == null ? null : rtt.connectMedianUs(),
                    clockBoundMaxUs, negativeReadings);
        }
    }

    /**
     * Clock evidence against one AZ ID's one-way readings: some of its aligned readings are negative, received before
     * the exchange stamped them. No path allows that, so its clock was off by at least |lowestUs| whatever its
     * reported bound says, and its one-way figures are not evidence of distance.
     *
     * @param readings aligned one-way readings of this AZ ID on the endpoint
     */
    public record ClockFlag(String azId, String instanceId, long negativeReadings, long readings, long lowestUs,
                            double clockBoundUs) {
    }

    /** Two AZs adjacent in the one-way ranking. resolved = gapUs >= combinedClockBoundUs. */
    public record Comparison(String fasterAzId, String slowerAzId, double gapUs, double combinedClockBoundUs,
                             boolean resolved) {
    }

    /** Row accounting for one instance: rows = alignedTrades + droppedNotSeenByAll + droppedDuplicate. */
    public record Instance(String instanceId, String azId, String azName, long rows, long alignedTrades,
                           long droppedNotSeenByAll, long droppedDuplicate, boolean excluded, String note) {
    }

    /** How many instances had each kind of evidence. */
    public record Evidence(int instances, int withRttCsv, int withClockCsv) {
    }

    /**
     * One AZ ID in an endpoint's round-trip ranking, by the 10th percentile of its RTTs (see {@link RttStats}), with
     * that percentile's 95 % interval.
     */
    public record RttAz(String azId, String instanceId, int rank, double rttMinUs, double rttP5Us, double rttP10Us,
                        double rttMedianUs, double rttP95Us, double rttP10LowUs, double rttP10HighUs, int rttSamples,
                        long pingsLost, Double connectMinUs, Double connectMedianUs, int connectSamples,
                        Integer oneWayRank) {
    }

    /**
     * Two AZs adjacent in the round-trip ranking: gapUs between their 10th percentiles; resolved when the faster
     * one's interval lies wholly below the other's.
     */
    public record RttComparison(String fasterAzId, String slowerAzId, double gapUs, boolean resolved) {
    }

    /**
     * One endpoint's verdict. agreement: "confirmed" (both rankings resolved, same AZ first), "contradicted" (both
     * resolved, different AZs first: nothing is recommended), "one-way only" (the one-way ranking resolved, the
     * round trips absent or not resolved), "clock suspect" (it would be confirmed or one-way only, but some AZ ID's
     * one-way readings are negative, so its clock is wrong by more than its bound: nothing is recommended), "rtt
     * only" (only the round trips resolved: they need no clock, but they time the connection, not the market data's
     * one-way path, so nothing is recommended), "not resolved". The round trips are compared over the AZ IDs that
     * have one-way readings: an AZ ID with none (trades.csv holds only its header) is "no data", never a contradiction.
     *
     * @param verdict     the headline and the evidence, in words
     * @param details     the evidence alone (the verdict without its headline)
     * @param clockFlags  AZ IDs whose one-way readings include negative ones
     */
    public record EndpointResult(String endpoint, boolean rttOnlyEndpoint, long alignedTrades, List<Az> azs,
                                 List<Comparison> comparisons, List<RttAz> rtt, List<RttComparison> rttComparisons,
                                 boolean oneWayResolved, String oneWayBestAzId, boolean rttResolved,
                                 String rttBestAzId, String agreement, String verdict, String details,
                                 List<ClockFlag> clockFlags) {
    }
}
