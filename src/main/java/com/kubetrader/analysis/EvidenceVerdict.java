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
    /** Would be confirmed or one-way only, but some AZ ID's one-way readings are negative: a clock is wrong. */
    public static final String CLOCK_SUSPECT = "clock suspect";

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
        if (results.size() > 1 && firsts.isEmpty()) {
            verdict.append(" No endpoint resolves a closest AZ ID.");
        } else if (results.size() > 1) {
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

    /**
     * The AZ ID an endpoint's evidence puts first, where a ranking is resolved (one-way preferred). Under clock
     * suspicion the one-way ranking is not evidence, so only resolved round trips name one.
     */
    public static String resolvedBest(Summary.EndpointResult r) {
        if (r.agreement().equals(CONTRADICTED) || r.agreement().equals(NOT_RESOLVED)) {
            return null;
        }
        if (r.agreement().equals(CLOCK_SUSPECT)) {
            return r.rttResolved() ? r.rttBestAzId() : null;
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
        java.util.Map<String, Integer> oneWayRanks = new LinkedHashMap<>();
        azs.forEach(a -> oneWayRanks.put(a.azId(), a.rank()));
        List<Summary.RttAz> rtt = rttRanking(ev.instances(), rttByInstance, oneWay == null ? null : oneWayRanks);
        List<Summary.RttComparison> rttComparisons = comparisons(rtt);
        // The verdict compares the round trips over the AZ IDs that have one-way readings: one with none has
        // "no data" to agree or disagree with.
        List<Summary.RttAz> compared = oneWay == null ? rtt
                : rtt.stream().filter(a -> a.oneWayRank() != null).toList();
        List<Summary.RttComparison> comparedSteps = comparisons(compared);
        List<Summary.ClockFlag> clockFlags = new ArrayList<>();
        for (Summary.Az a : azs) {
            if (a.negativeReadings() > 0) {
                clockFlags.add(new Summary.ClockFlag(a.azId(), a.instanceId(), a.negativeReadings(),
                        oneWay.alignedTrades(), a.fastestUs(), a.clockBoundUs()));
            }
        }
        boolean oneWayResolved = oneWay != null && oneWay.resolved();
        boolean rttResolved = !comparedSteps.isEmpty() && comparedSteps.get(0).resolved();
        String oneWayBest = oneWay == null ? null : oneWay.bestAzId();
        String rttBest = compared.isEmpty() ? null : compared.get(0).azId();
        String agreement = agreement(oneWayResolved, oneWayBest, rttResolved, rttBest);
        if (!clockFlags.isEmpty() && (agreement.equals(CONFIRMED) || agreement.equals(ONE_WAY_ONLY))) {
            agreement = CLOCK_SUSPECT;
        }
        String details = details(oneWay, rtt, compared, comparedSteps, clockFlags);
        return new Summary.EndpointResult(endpoint, oneWay == null, oneWay == null ? 0 : oneWay.alignedTrades(),
                List.copyOf(azs), oneWay == null ? List.of() : oneWay.comparisons(), rtt, List.copyOf(rttComparisons),
                oneWayResolved, oneWayBest, rttResolved, rttBest, agreement,
                headline(endpoint, oneWay, compared, rttResolved, agreement, clockFlags) + " " + details, details,
                List.copyOf(clockFlags));
    }

    private static List<Summary.RttComparison> comparisons(List<Summary.RttAz> rtt) {
        List<Summary.RttComparison> out = new ArrayList<>();
        for (int i = 0; i + 1 < rtt.size(); i++) {
            Summary.RttAz a = rtt.get(i);
            Summary.RttAz b = rtt.get(i + 1);
            out.add(new Summary.RttComparison(a.azId(), b.azId(), b.rttP10Us() - a.rttP10Us(),
                    a.rttP10HighUs() < b.rttP10LowUs()));
        }
        return out;
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

    private static List<Summary.RttAz> rttRanking(List<InstanceMetadata> instances, Map<String, RttStats> byInstance,
                                                  Map<String, Integer> oneWayRanks) {
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
            // on an rtt-only endpoint there is no one-way ranking to be missing from: the rank stays null
            Integer oneWayRank = oneWayRanks == null ? null : oneWayRanks.get(md.availabilityZoneId());
            out.add(new Summary.RttAz(md.availabilityZoneId(), md.instanceId(), i + 1, s.minUs(), s.p5Us(), s.p10Us(),
                    s.medianUs(), s.p95Us(), s.p10LowUs(), s.p10HighUs(), s.samples(), s.pingsLost(),
                    s.connectMinUs(), s.connectMedianUs(), s.connectSamples(), oneWayRank));
        }
        return List.copyOf(out);
    }

    /** The headline: the agreement in one sentence. */
    private static String headline(String endpoint, LatencyRanking.OneWay oneWay, List<Summary.RttAz> rtt,
                                   boolean rttResolved, String agreement, List<Summary.ClockFlag> clockFlags) {
        String flagged = clockFlags.stream().map(Summary.ClockFlag::azId).reduce((a, b) -> a + ", " + b).orElse("");
        return switch (agreement) {
            case CONFIRMED -> "Confirmed on " + endpoint + ": both independent measures put " + oneWay.bestAzId()
                    + " first.";
            case CONTRADICTED -> "Contradicted on " + endpoint + ": the one-way ranking puts " + oneWay.bestAzId()
                    + " first, the round trips put " + rtt.get(0).azId() + " first; "
                    + (clockFlags.stream().anyMatch(f -> f.azId().equals(oneWay.bestAzId()))
                    ? oneWay.bestAzId() + "'s clock evidence below explains it, so its one-way lead is its clock's, "
                    + "not its distance." : "trust neither until a repeat run settles it.");
            case CLOCK_SUSPECT -> "Clock suspect on " + endpoint + ": the one-way ranking puts " + oneWay.bestAzId()
                    + " first" + (rttResolved && rtt.get(0).azId().equals(oneWay.bestAzId())
                    ? " and the round trips agree" : "") + ", but " + flagged + " received trades before the "
                    + "exchange stamped them, so a clock is wrong by more than its reported bound and the one-way "
                    + "figures are not evidence; nothing is recommended until a run with sound clocks settles it.";
            case ONE_WAY_ONLY -> "One-way only on " + endpoint + ": the one-way ranking puts " + oneWay.bestAzId()
                    + " first" + (rtt.size() < 2 ? "; there are no round trips to check it against."
                    : "; the round trips do not resolve the order, so they neither confirm nor contradict it.");
            case RTT_ONLY -> "Round trips only on " + endpoint + ": " + rtt.get(0).azId() + " has the shortest round "
                    + "trip, but " + (oneWay == null ? "no trades streamed from this endpoint"
                    : "the one-way ranking is not resolved") + ".";
            default -> "Not resolved on " + endpoint + ": neither the one-way readings nor the round trips tell "
                    + "the AZ IDs apart.";
        };
    }

    /** The evidence behind the headline: one-way, round trips, clock evidence, connect probes. */
    private static String details(LatencyRanking.OneWay oneWay, List<Summary.RttAz> rtt, List<Summary.RttAz> compared,
                                  List<Summary.RttComparison> comparedSteps, List<Summary.ClockFlag> clockFlags) {
        String rttText;
        if (compared.size() < 2) {
            rttText = "Round trips: " + (rtt.isEmpty() ? "none in this run (no trades.rtt.csv)"
                    : compared.isEmpty() ? "none from an AZ ID with one-way readings"
                    : "from one AZ ID with one-way readings only") + ".";
        } else {
            Summary.RttComparison top = comparedSteps.get(0);
            rttText = String.format("Round trips: %s's 10th-percentile RTT is %s µs, %s µs below %s; %s.",
                    top.fasterAzId(), LatencyRanking.us(compared.get(0).rttP10Us()), LatencyRanking.us(top.gapUs()),
                    top.slowerAzId(), top.resolved() ? "their 95 % intervals do not overlap, so the order is resolved"
                            : "their 95 % intervals overlap, so the order is not resolved");
        }
        List<String> noData = rtt.stream().filter(a -> oneWay != null && a.oneWayRank() == null)
                .map(Summary.RttAz::azId).toList();
        if (!noData.isEmpty()) {
            rttText += " " + String.join(", ", noData) + " " + (noData.size() == 1 ? "has" : "have")
                    + " round trips but no one-way readings (no data), so " + (noData.size() == 1 ? "it takes" : "they take")
                    + " no part in the agreement.";
        }
        StringBuilder clock = new StringBuilder();
        for (Summary.ClockFlag f : clockFlags) {
            clock.append(String.format(java.util.Locale.ROOT, " Clock evidence: %s has %d negative one-way reading(s) "
                            + "of %d (%.1f %%), the lowest %d µs: it received trades before the exchange stamped them, "
                            + "so its clock was off by at least %d µs against a reported bound of ±%s µs.", f.azId(),
                    f.negativeReadings(), f.readings(), 100.0 * f.negativeReadings() / Math.max(1, f.readings()),
                    f.lowestUs(), -f.lowestUs(), LatencyRanking.us(f.clockBoundUs())));
        }
        String oneWayText = oneWay == null ? "One-way: no trades streamed from this endpoint (rtt-only)."
                : "One-way: " + oneWay.verdict();
        return oneWayText + " " + rttText + clock + connectText(rtt);
    }

    /** Connect probes are shown with their count; they rank nothing unless every AZ ID has enough of them. */
    private static String connectText(List<Summary.RttAz> rtt) {
        List<Summary.RttAz> probed = rtt.stream().filter(a -> a.connectSamples() > 0).toList();
        if (probed.isEmpty()) {
            return "";
        }
        int fewest = probed.stream().mapToInt(Summary.RttAz::connectSamples).min().orElse(0);
        if (fewest < RttStats.MIN_CONNECT_SAMPLES || probed.size() < rtt.size()) {
            return " TCP connect probes: " + fewest + " to " + probed.stream().mapToInt(Summary.RttAz::connectSamples)
                    .max().orElse(0) + " per AZ ID, fewer than the " + RttStats.MIN_CONNECT_SAMPLES
                    + " a comparison needs, so they rank nothing.";
        }
        return " TCP connect probes (" + fewest + " or more per AZ ID), by median: " + probed.stream()
                .sorted(Comparator.comparingDouble(Summary.RttAz::connectMedianUs)).map(a -> a.azId() + " "
                        + LatencyRanking.us(a.connectMedianUs()) + " µs").reduce((a, b) -> a + " < " + b).orElse("")
                + "; shown, not part of the verdict.";
    }
}
