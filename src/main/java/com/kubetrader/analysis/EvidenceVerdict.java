package com.kubetrader.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the independent pieces of evidence together, per endpoint and then across endpoints.
 *
 * <ul>
 *   <li>One-way: ranked by median per-symbol minimum; resolved when the top gap exceeds the two AZs' clock bounds
 *       combined (the largest bound of the run when clock.csv exists).</li>
 *   <li>Round trip: ranked by the 10th percentile of RTT; resolved when the best AZ's 95 % interval for it lies
 *       wholly below the runner-up's ({@link RttStats}). It needs no clock agreement at all.</li>
 *   <li>Agreement per endpoint: see {@link Summary.EndpointResult}. Only "confirmed" and "one-way only" recommend.</li>
 *   <li>Across endpoints: when the endpoints' resolved rankings put different AZ IDs first, the summary says so;
 *       the recommendation follows the primary endpoint alone.</li>
 * </ul>
 */
public final class EvidenceVerdict {

    public static final String CONFIRMED = "confirmed";
    public static final String CONTRADICTED = "contradicted";
    public static final String ONE_WAY_ONLY = "one-way only";
    public static final String RTT_ONLY = "rtt only";
    public static final String NOT_RESOLVED = "not resolved";

    private EvidenceVerdict() {
    }

    /**
     * The whole run's summary. {@code primaryEndpoint} null means the first endpoint that streamed trades; a name
     * that is not one of them is an {@link AnalysisException} listing the ones that are.
     */
    public static Summary summarize(RunAnalyzer.RunEvidence ev, String primaryEndpoint) {
        Map<String, LatencyRanking.OneWay> oneWay = new LinkedHashMap<>();
        for (RunData d : ev.oneWay()) {
            oneWay.put(d.endpoint(), LatencyRanking.rank(d));
        }
        String primary = primaryEndpoint != null ? primaryEndpoint : ev.oneWay().get(0).endpoint();
        if (!oneWay.containsKey(primary)) {
            throw new AnalysisException("--primary-endpoint '" + primary + "' streamed no trades in " + ev.runDir()
                    + "; endpoints with trades: " + String.join(", ", oneWay.keySet()));
        }
        List<Summary.EndpointResult> results = new ArrayList<>();
        for (String endpoint : ev.endpointOrder()) {
            results.add(endpoint(endpoint, oneWay.get(endpoint), ev));
        }
        Summary.EndpointResult main = results.stream().filter(r -> r.endpoint().equals(primary)).findFirst()
                .orElseThrow();
        List<String> firsts = results.stream().map(EvidenceVerdict::resolvedBest).filter(java.util.Objects::nonNull)
                .distinct().toList();
        boolean agree = firsts.size() <= 1;
        boolean recommends = main.agreement().equals(CONFIRMED) || main.agreement().equals(ONE_WAY_ONLY);
        String recommended = recommends ? main.oneWayBestAzId() : null;
        StringBuilder verdict = new StringBuilder(main.verdict());
        if (results.size() > 1) {
            verdict.append(agree ? " The endpoints agree." : " The endpoints disagree on the closest AZ ID ("
                    + disagreement(results) + "); the recommendation is for " + primary
                    + " alone (choose another with --primary-endpoint).");
        }
        if (!recommends) {
            verdict.append(" No primary AZ is recommended.");
        }
        LatencyRanking.OneWay primaryOneWay = oneWay.get(primary);
        return new Summary(ev.runDir().toString(), primaryOneWay.alignedTrades(), main.azs(), main.comparisons(),
                primaryOneWay.instances(), recommended, verdict.toString(), primary,
                new Summary.Evidence(ev.instances().size(), ev.roundTrips().size(), ev.clocks().size()),
                List.copyOf(results), agree);
    }

    /** The AZ ID an endpoint's evidence puts first, where a ranking is resolved (one-way preferred). */
    public static String resolvedBest(Summary.EndpointResult r) {
        if (r.agreement().equals(CONTRADICTED) || r.agreement().equals(NOT_RESOLVED)) {
            return null;
        }
        return r.oneWayResolved() ? r.oneWayBestAzId() : r.rttBestAzId();
    }

    private static String disagreement(List<Summary.EndpointResult> results) {
        List<String> parts = new ArrayList<>();
        for (Summary.EndpointResult r : results) {
            String best = resolvedBest(r);
            if (best != null) {
                parts.add(r.endpoint() + ": " + best);
            }
        }
        return String.join(", ", parts);
    }

    static Summary.EndpointResult endpoint(String endpoint, LatencyRanking.OneWay oneWay, RunAnalyzer.RunEvidence ev) {
        Map<String, RttStats> rttByInstance = new LinkedHashMap<>();
        for (InstanceMetadata md : ev.instances()) {
            RoundTrips rt = ev.roundTrips().get(md.instanceId());
            RttStats stats = rt == null ? null : RttStats.of(rt.byEndpoint().get(endpoint));
            if (stats != null) {
                rttByInstance.put(md.instanceId(), stats);
            }
        }
        List<Summary.Az> azs = new ArrayList<>();
        if (oneWay != null) {
            for (Summary.Az a : oneWay.azs()) {
                ClockSamples clock = ev.clocks().get(a.instanceId());
                azs.add(a.withRoundTrips(rttByInstance.get(a.instanceId()), clock == null ? null : clock.maxUs()));
            }
        }
        List<Summary.RttAz> rtt = rttRanking(ev.instances(), rttByInstance);
        List<Summary.RttComparison> rttComparisons = new ArrayList<>();
        for (int i = 0; i + 1 < rtt.size(); i++) {
            Summary.RttAz a = rtt.get(i);
            Summary.RttAz b = rtt.get(i + 1);
            rttComparisons.add(new Summary.RttComparison(a.azId(), b.azId(), b.rttP10Us() - a.rttP10Us(),
                    a.rttP10HighUs() < b.rttP10LowUs()));
        }
        boolean oneWayResolved = oneWay != null && oneWay.resolved();
        boolean rttResolved = !rttComparisons.isEmpty() && rttComparisons.get(0).resolved();
        String oneWayBest = oneWay == null ? null : oneWay.bestAzId();
        String rttBest = rtt.isEmpty() ? null : rtt.get(0).azId();
        String agreement = agreement(oneWayResolved, oneWayBest, rttResolved, rttBest);
        return new Summary.EndpointResult(endpoint, oneWay == null, oneWay == null ? 0 : oneWay.alignedTrades(),
                List.copyOf(azs), oneWay == null ? List.of() : oneWay.comparisons(), rtt, List.copyOf(rttComparisons),
                oneWayResolved, oneWayBest, rttResolved, rttBest, agreement,
                verdict(endpoint, oneWay, rtt, rttComparisons, agreement));
    }

    /** The rule in words: see the class comment and {@link Summary.EndpointResult}. */
    static String agreement(boolean oneWayResolved, String oneWayBest, boolean rttResolved, String rttBest) {
        if (oneWayResolved && rttResolved) {
            return oneWayBest.equals(rttBest) ? CONFIRMED : CONTRADICTED;
        }
        if (oneWayResolved) {
            return ONE_WAY_ONLY;
        }
        return rttResolved ? RTT_ONLY : NOT_RESOLVED;
    }

    private static List<Summary.RttAz> rttRanking(List<InstanceMetadata> instances, Map<String, RttStats> byInstance) {
        List<Map.Entry<InstanceMetadata, RttStats>> rows = new ArrayList<>();
        for (InstanceMetadata md : instances) {
            if (byInstance.containsKey(md.instanceId())) {
                rows.add(Map.entry(md, byInstance.get(md.instanceId())));
            }
        }
        rows.sort(Comparator.comparingDouble((Map.Entry<InstanceMetadata, RttStats> e) -> e.getValue().p10Us())
                .thenComparing(e -> e.getKey().availabilityZoneId()));
        List<Summary.RttAz> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            InstanceMetadata md = rows.get(i).getKey();
            RttStats s = rows.get(i).getValue();
            out.add(new Summary.RttAz(md.availabilityZoneId(), md.instanceId(), i + 1, s.minUs(), s.p5Us(), s.p10Us(),
                    s.medianUs(), s.p95Us(), s.p10LowUs(), s.p10HighUs(), s.samples(), s.pingsLost(),
                    s.connectMinUs(), s.connectMedianUs()));
        }
        return List.copyOf(out);
    }

    private static String verdict(String endpoint, LatencyRanking.OneWay oneWay, List<Summary.RttAz> rtt,
                                  List<Summary.RttComparison> rttComparisons, String agreement) {
        String rttText;
        if (rtt.size() < 2) {
            rttText = "Round trips: " + (rtt.isEmpty() ? "none in this run (no rtt.csv)" : "from one AZ ID only") + ".";
        } else {
            Summary.RttComparison top = rttComparisons.get(0);
            rttText = String.format("Round trips: %s's 10th-percentile RTT is %s µs, %s µs below %s; %s.",
                    top.fasterAzId(), LatencyRanking.us(rtt.get(0).rttP10Us()), LatencyRanking.us(top.gapUs()),
                    top.slowerAzId(), top.resolved() ? "their 95 % intervals do not overlap, so the order is resolved"
                            : "their 95 % intervals overlap, so the order is not resolved");
        }
        String oneWayText = oneWay == null ? "One-way: no trades streamed from this endpoint (rtt-only)."
                : "One-way: " + oneWay.verdict();
        String head = switch (agreement) {
            case CONFIRMED -> "Confirmed on " + endpoint + ": both independent measures put " + oneWay.bestAzId()
                    + " first.";
            case CONTRADICTED -> "Contradicted on " + endpoint + ": the one-way ranking puts " + oneWay.bestAzId()
                    + " first, the round trips put " + rtt.get(0).azId() + " first; trust neither until a repeat "
                    + "run settles it.";
            case ONE_WAY_ONLY -> "One-way only on " + endpoint + ": the one-way ranking puts " + oneWay.bestAzId()
                    + " first" + (rtt.size() < 2 ? "; there are no round trips to check it against."
                    : "; the round trips do not resolve the order, so they neither confirm nor contradict it.");
            case RTT_ONLY -> "Round trips only on " + endpoint + ": " + rtt.get(0).azId() + " has the shortest round "
                    + "trip, but " + (oneWay == null ? "no trades streamed from this endpoint"
                    : "the one-way ranking is not resolved") + ".";
            default -> "Not resolved on " + endpoint + ": neither the one-way readings nor the round trips tell "
                    + "the AZ IDs apart.";
        };
        return head + " " + oneWayText + " " + rttText;
    }
}
